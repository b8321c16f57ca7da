namespace CriRuntime.Dockerfile.Rules;

/// <summary>Keywords should all be upper case or all lower case; the majority decides which.</summary>
internal sealed class DF4009_ConsistentInstructionCasing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ConsistentInstructionCasing, "Instructions should be in consistent casing", "Command '{0}' should match the case of the other instructions ({1})", RuleCategories.BestPractice, Severity.Warning, null, "ConsistentInstructionCasing", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var upper = 0;
        var lower = 0;
        foreach (var instr in context.Instructions)
        {
            var text = instr.KeywordToken.Text;
            if (text == text.ToUpperInvariant())
            {
                upper++;
            }
            else if (text == text.ToLowerInvariant())
            {
                lower++;
            }
        }

        var useUpper = upper >= lower;
        foreach (var instr in context.Instructions)
        {
            if (!Parsing.Keywords.IsKnown(instr.Keyword))
            {
                continue;
            }

            var kw = instr.KeywordToken;
            var wanted = useUpper ? kw.Text.ToUpperInvariant() : kw.Text.ToLowerInvariant();
            if (kw.Text != wanted)
            {
                context.ReportWithFixes(Rule, kw.Start, kw.End, context.Fix("Use " + wanted, kw.Start, kw.End, wanted), kw.Text, useUpper ? "upper case" : "lower case");
            }
        }
    }
}
