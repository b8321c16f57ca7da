namespace CriRuntime.Dockerfile.Rules;

/// <summary>MAINTAINER is deprecated; the OCI authors label says the same and is machine-readable.</summary>
internal sealed class DF4001_MaintainerDeprecated : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.MaintainerDeprecated, "MAINTAINER is deprecated", "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors=\"...\"", RuleCategories.BestPractice, Severity.Error, "DL4000", "MaintainerDeprecated", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "MAINTAINER")
            {
                continue;
            }

            var value = instr.ArgumentText.Text.Replace("\\", "\\\\").Replace("\"", "\\\"");
            var keyword = instr.KeywordToken.Text == "maintainer" ? "label" : "LABEL";
            var fix = context.Fix("Use LABEL org.opencontainers.image.authors", instr.Start, instr.LineEnd, $"{keyword} org.opencontainers.image.authors=\"{value}\"");
            context.ReportWithFixes(Rule, instr.KeywordToken.Start, instr.KeywordToken.End, fix);
        }
    }
}
