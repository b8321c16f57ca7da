namespace CriRuntime.Dockerfile.Rules;

/// <summary>Reports parse errors; the parser has already moved on to the next line.</summary>
internal sealed class DF1000_SyntaxError : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.SyntaxError, "Dockerfile syntax error", "{0}", RuleCategories.Syntax, Severity.Error, "DL1000");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var error in context.Syntax.Errors)
        {
            context.Report(Rule, error.Start, error.End, error.Message);
        }
    }
}
