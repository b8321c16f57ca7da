namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// A user name is resolved from the image's /etc/passwd at run time; the host (Kubernetes' runAsNonRoot, volume
/// ownership) sees only numbers, so a numeric uid is what it can check. A USER from an ARG is left to the build.
/// </summary>
internal sealed class DF4022_NonNumericUser : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.NonNumericUser, "Use a numeric user id", "USER '{0}' is a name the host cannot resolve: use the numeric uid (and gid)", RuleCategories.BestPractice, Severity.Info, "DL3066");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword != "USER" || instr.Arguments.Count == 0)
                {
                    continue;
                }

                var word = instr.Arguments[0];
                var user = word.Value;
                var colon = user.IndexOf(':');
                var uid = colon >= 0 ? user.Substring(0, colon) : user;
                if (uid.Length == 0 || uid.IndexOf('$') >= 0 || IsDigits(uid))
                {
                    continue;
                }

                context.Report(Rule, word, user);
            }
        }
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
