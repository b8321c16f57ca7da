namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// BuildKit reads the comment right above a named stage or an ARG as its description (shown by
/// <c>docker buildx build --call=outline</c>) when it starts with the name. Off by default, as the check is
/// experimental in BuildKit.
/// </summary>
internal sealed class DF4023_InvalidDefinitionDescription : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidDefinitionDescription, "Comment for a stage or ARG should start with its name", "Comment for {0} should follow the format: '# {1} <description>'", RuleCategories.BestPractice, Severity.None, null, "InvalidDefinitionDescription");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var syntax = context.Syntax;
        var comment = 0;
        var previousEnd = 0;
        foreach (var instr in syntax.Instructions)
        {
            // The comments since the previous instruction, after the last empty '#' line; directives excluded.
            string? last = null;
            for (; comment < syntax.Comments.Count && syntax.Comments[comment].Start < instr.Start; comment++)
            {
                var c = syntax.Comments[comment];
                if (c.Start < previousEnd || IsDirective(syntax, c))
                {
                    continue;
                }

                last = c.Text.Length == 0 ? null : c.Text;
            }

            previousEnd = instr.End;
            if (last is null)
            {
                continue;
            }

            var first = last.Split(' ')[0];
            if (instr.Keyword == "FROM" && instr.Arguments.Count == 3 && instr.Arguments[2].Value != first)
            {
                context.Report(Rule, instr.Start, instr.LineEnd, "FROM", instr.Arguments[2].Value);
            }
            else if (instr.Keyword == "ARG" && instr.Pairs.Count > 0 && !Names(instr, first))
            {
                context.Report(Rule, instr.Start, instr.LineEnd, "ARG", instr.Pairs.Count > 1 ? "<arg_key>" : instr.Pairs[0].Key.Value);
            }
        }
    }

    private static bool Names(InstructionSyntax arg, string word)
    {
        foreach (var pair in arg.Pairs)
        {
            if (pair.Key.Value == word)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDirective(DockerfileSyntax syntax, CommentSyntax comment)
    {
        foreach (var d in syntax.Directives)
        {
            if (d.Start == comment.Start)
            {
                return true;
            }
        }

        return false;
    }
}
