using CriRuntime.Dockerfile.Configuration;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>A COPY/ADD source excluded by .dockerignore is not in the build context: the build fails or copies nothing. Needs the .dockerignore content in the options.</summary>
internal sealed class DF1023_CopyIgnoredFile : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyIgnoredFile, "COPY of a file excluded by .dockerignore", "'{0}' is excluded by .dockerignore and is not in the build context", RuleCategories.Correctness, Severity.Warning, null, "CopyIgnoredFile");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var text = context.Options.DockerIgnore;
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var ignore = DockerIgnore.Parse(text!);
        if (ignore.IsEmpty)
        {
            return;
        }

        foreach (var instr in context.Instructions)
        {
            if ((instr.Keyword != "COPY" && instr.Keyword != "ADD") || instr.GetFlag("from") != null || instr.Info.Expanded is null)
            {
                continue;
            }

            for (var i = 0; i < instr.Arguments.Count - 1; i++)
            {
                var src = instr.Info.Expanded[i];
                if (src.IndexOfAny(new[] { '*', '?', '[', '$' }) >= 0 || src.StartsWith("<<", System.StringComparison.Ordinal) || src.IndexOf("://", System.StringComparison.Ordinal) >= 0 || src.StartsWith("git@", System.StringComparison.Ordinal))
                {
                    continue;
                }

                if (ignore.IsExcluded(src))
                {
                    context.Report(Rule, instr.Arguments[i], src);
                }
            }
        }
    }
}
