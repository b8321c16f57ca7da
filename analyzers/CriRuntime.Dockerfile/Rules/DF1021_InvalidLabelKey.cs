namespace CriRuntime.Dockerfile.Rules;

/// <summary>Label keys: lower-case alphanumerics with single '.' or '-' between, outside Docker's reserved namespaces.</summary>
internal sealed class DF1021_InvalidLabelKey : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidLabelKey, "Invalid label key", "Invalid label key '{0}': {1}", RuleCategories.Correctness, Severity.Style, "DL3048");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "LABEL")
            {
                continue;
            }

            foreach (var pair in instr.Pairs)
            {
                var key = pair.Key.Value;
                if (key.IndexOf('$') >= 0)
                {
                    continue;
                }

                var problem = Problem(key);
                if (problem != null)
                {
                    context.Report(Rule, pair.Key, key, problem);
                }
            }
        }
    }

    private static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.StartsWith("com.docker.", System.StringComparison.Ordinal) || key.StartsWith("io.docker.", System.StringComparison.Ordinal) || key.StartsWith("org.dockerproject.", System.StringComparison.Ordinal))
        {
            return "the namespace is reserved for Docker";
        }

        if (!char.IsLetterOrDigit(key[0]) || !char.IsLetterOrDigit(key[key.Length - 1]))
        {
            return "it must begin and end with a letter or digit";
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '.' || c == '-')
            {
                if (key[i - 1] == '.' || key[i - 1] == '-')
                {
                    return "separators must not repeat";
                }

                continue;
            }

            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '_' || c == '/'))
            {
                return $"'{c}' is not allowed";
            }
        }

        return null;
    }
}
