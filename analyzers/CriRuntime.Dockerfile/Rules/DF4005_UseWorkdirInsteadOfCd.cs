namespace CriRuntime.Dockerfile.Rules;

/// <summary>cd only lasts for one RUN; WORKDIR states the directory for everything that follows.</summary>
internal sealed class DF4005_UseWorkdirInsteadOfCd : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseWorkdirInsteadOfCd, "Use WORKDIR to switch to a directory", "Use WORKDIR instead of 'cd {0}'", RuleCategories.BestPractice, Severity.Warning, "DL3003");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            // Only a RUN that starts with cd: a cd in the middle of a longer script is a local step.
            if (script.Commands.Count == 0)
            {
                continue;
            }

            var first = script.Commands[0];
            if (first.Name == "cd" && first.Depth == 0 && first.ArgCount > 0 && script.Commands.Count > 1)
            {
                context.Report(Rule, PackageRules.CommandStart(script, first), PackageRules.CommandEnd(script, first), first.Arg(0).Value);
            }
        }
    }
}
