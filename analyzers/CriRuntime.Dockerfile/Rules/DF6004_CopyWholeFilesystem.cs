namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// <c>COPY --from=build / /</c> copies the other stage's whole filesystem, its package caches and build tools
/// included, over this one: the point of a separate stage is lost. Copy the artifacts by path.
/// </summary>
internal sealed class DF6004_CopyWholeFilesystem : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyWholeFilesystem, "Do not copy an entire filesystem from another stage", "COPY --from={0} / / copies the whole filesystem of '{0}': copy only the paths you need", RuleCategories.ImageSize, Severity.Warning, "DL3067");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                var from = instr.GetFlag("from");
                if (instr.Keyword != "COPY" || from?.Value is null || instr.Arguments.Count < 2 || instr.Arguments[instr.Arguments.Count - 1].Value != "/")
                {
                    continue;
                }

                for (var i = 0; i < instr.Arguments.Count - 1; i++)
                {
                    if (instr.Arguments[i].Value == "/")
                    {
                        context.Report(Rule, instr.Start, instr.LineEnd, from.Value);
                        break;
                    }
                }
            }
        }
    }
}
