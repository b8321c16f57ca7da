namespace CriRuntime.Dockerfile.Rules;

/// <summary>With several sources the destination must be a directory, written with a trailing slash.</summary>
internal sealed class DF1007_CopyMultipleSourcesNeedsDirectory : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyMultipleSourcesNeedsDirectory, "COPY/ADD with several sources needs a directory destination ending in /", "{0} with more than one source needs the destination '{1}' to end with /", RuleCategories.Correctness, Severity.Error, "DL3021", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if ((instr.Keyword != "COPY" && instr.Keyword != "ADD") || instr.Arguments.Count < 3)
            {
                continue;
            }

            var last = instr.Arguments[instr.Arguments.Count - 1];
            var dest = instr.Info.Expanded is { Length: > 0 } e ? e[e.Length - 1] : last.Value;
            if (Paths.EndsWithSeparator(dest) || last.Text.IndexOf('$') >= 0)
            {
                continue;
            }

            var insertAt = instr.IsExecForm ? last.End - 1 : last.End;
            context.ReportWithFixes(Rule, last.Start, last.End, context.Fix("Add a trailing slash", insertAt, insertAt, "/"), instr.Keyword, dest);
        }
    }
}
