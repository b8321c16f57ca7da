namespace CriRuntime.Dockerfile.Rules;

/// <summary>Installing or using both downloaders in one image is redundant; pick one.</summary>
internal sealed class DF4014_UseEitherWgetOrCurl : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseEitherWgetOrCurl, "Either use wget or curl but not both", "'{0}' is used in a stage that already uses '{1}': use one downloader", RuleCategories.BestPractice, Severity.Warning, "DL4001");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            string? first = null;
            foreach (var instr in stage.Instructions)
            {
                var script = instr.Info.Script;
                if (instr.Keyword != "RUN" || script is null)
                {
                    continue;
                }

                foreach (var command in script.Commands)
                {
                    if (command.Name != "curl" && command.Name != "wget")
                    {
                        continue;
                    }

                    if (first is null)
                    {
                        first = command.Name;
                    }
                    else if (first != command.Name)
                    {
                        context.Report(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command), command.Name, first);
                        goto nextStage;
                    }
                }
            }

        nextStage:;
        }
    }
}
