namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// Inline <c># hadolint ignore=</c> pragmas hide findings where a reviewer may not look; off by default, as in
/// hadolint, for teams that want every exception in the configuration file instead.
/// </summary>
internal sealed class DF4021_InlineIgnorePragma : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InlineIgnorePragma, "Avoid inline ignore pragmas", "Inline ignore pragma '{0}': list the exception in the configuration file instead", RuleCategories.BestPractice, Severity.None, "DL1001");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var comment in context.Syntax.Comments)
        {
            if (Suppressions.IsIgnorePragma(comment.Text))
            {
                context.Report(Rule, comment.Start, comment.End, comment.Text);
            }
        }
    }
}
