namespace CriRuntime.Dockerfile.Rules;

/// <summary>'FROM x as y' mixes casings; BuildKit asks for the AS keyword to match FROM.</summary>
internal sealed class DF4008_FromAsCasing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.FromAsCasing, "The 'as' keyword should match the case of 'from'", "'{0}' and '{1}' keywords' casing do not match", RuleCategories.BestPractice, Severity.Warning, null, "FromAsCasing", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var from = stage.From;
            if (from.Arguments.Count != 3)
            {
                continue;
            }

            var kw = from.KeywordToken.Text;
            var asToken = from.Arguments[1];
            var kwUpper = kw == kw.ToUpperInvariant();
            var kwLower = kw == kw.ToLowerInvariant();
            var asUpper = asToken.Text == "AS";
            var asLower = asToken.Text == "as";
            if ((kwUpper && asUpper) || (kwLower && asLower) || !(kwUpper || kwLower))
            {
                continue;
            }

            var replacement = kwUpper ? "AS" : "as";
            context.ReportWithFixes(Rule, asToken.Start, asToken.End, context.Fix($"Use '{replacement}'", asToken.Start, asToken.End, replacement), asToken.Text, kw);
        }
    }
}
