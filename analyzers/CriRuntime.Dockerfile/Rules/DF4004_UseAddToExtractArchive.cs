using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>COPY of a local archive followed by tar -x keeps the archive in a layer; ADD extracts it directly.</summary>
internal sealed class DF4004_UseAddToExtractArchive : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseAddToExtractArchive, "Use ADD for extracting archives into an image", "'{0}' is copied and then extracted with tar: ADD extracts local archives without keeping the archive in a layer", RuleCategories.BestPractice, Severity.Info, "DL3010");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var copied = new List<(string Name, SyntaxToken Token)>();
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword == "COPY" && instr.GetFlag("from") is null)
                {
                    for (var i = 0; i < instr.Arguments.Count - 1; i++)
                    {
                        var src = instr.Arguments[i].Value;
                        if (DF4003_UseCopyInsteadOfAdd.IsArchive(src) && !DF4003_UseCopyInsteadOfAdd.IsRemote(src))
                        {
                            var slash = src.LastIndexOf('/');
                            copied.Add((slash >= 0 ? src.Substring(slash + 1) : src, instr.Arguments[i]));
                        }
                    }
                }

                if (instr.Keyword != "RUN" || instr.Info.Script is null || copied.Count == 0)
                {
                    continue;
                }

                foreach (var command in instr.Info.Script.Commands)
                {
                    if (command.Name != "tar")
                    {
                        continue;
                    }

                    for (var c = copied.Count - 1; c >= 0; c--)
                    {
                        if (command.HasArgEndingWith(copied[c].Name))
                        {
                            context.Report(Rule, copied[c].Token, copied[c].Name);
                            copied.RemoveAt(c);
                        }
                    }
                }
            }
        }
    }
}
