namespace CriRuntime.Dockerfile.Rules;

/// <summary>Empty lines inside a continued instruction are deprecated by BuildKit.</summary>
internal sealed class DF1002_NoEmptyContinuation : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.NoEmptyContinuation, "Empty continuation line", "Empty continuation line: remove it or make it a comment", RuleCategories.Correctness, Severity.Warning, null, "NoEmptyContinuation", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var lines = context.Syntax.Lines;
        foreach (var start in context.Syntax.EmptyContinuationLines)
        {
            var line = lines.LineOf(start);
            var next = line + 1 < lines.LineCount ? lines.LineStart(line + 1) : context.Syntax.Text.Length;
            context.ReportWithFixes(Rule, start, start, context.Fix("Remove the empty line", start, next, string.Empty));
        }
    }
}
