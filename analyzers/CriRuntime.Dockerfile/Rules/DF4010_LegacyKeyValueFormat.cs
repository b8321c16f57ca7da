namespace CriRuntime.Dockerfile.Rules;

/// <summary>'ENV key value' is the legacy form: it allows one pair only and reads surprisingly; use key=value.</summary>
internal sealed class DF4010_LegacyKeyValueFormat : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.LegacyKeyValueFormat, "Use the key=value format for ENV and LABEL", "'{0} key value' is a legacy format; use '{0} {1}=value'", RuleCategories.BestPractice, Severity.Warning, null, "LegacyKeyValueFormat", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if ((instr.Keyword != "ENV" && instr.Keyword != "LABEL") || instr.Pairs.Count != 1 || !instr.Pairs[0].IsLegacy || !instr.Pairs[0].HasValue)
            {
                continue;
            }

            var pair = instr.Pairs[0];
            var replacement = Rewrite(pair);
            var fixes = replacement is null ? new Fix[0] : context.Fix("Use key=value", pair.Key.Start, pair.Value.End, replacement);
            context.ReportWithFixes(Rule, instr.KeywordToken.Start, instr.LineEnd, fixes, instr.KeywordToken.Text, pair.Key.Text);
        }
    }

    private static string? Rewrite(KeyValueSyntax pair)
    {
        var raw = pair.Value.Text;
        var hasQuote = raw.IndexOf('"') >= 0 || raw.IndexOf('\'') >= 0;
        var hasSpace = raw.IndexOf(' ') >= 0 || raw.IndexOf('\t') >= 0;
        if (!hasSpace)
        {
            return pair.Key.Text + "=" + raw;
        }

        if (!hasQuote)
        {
            return pair.Key.Text + "=\"" + raw + "\"";
        }

        // A single quoted word ("a b") can be kept as is.
        if ((raw[0] == '"' || raw[0] == '\'') && raw[raw.Length - 1] == raw[0] && raw.IndexOf(raw[0], 1) == raw.Length - 1)
        {
            return pair.Key.Text + "=" + raw;
        }

        return null;
    }
}
