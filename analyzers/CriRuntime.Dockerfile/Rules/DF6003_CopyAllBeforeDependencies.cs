namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// 'COPY . .' before the dependency install makes every source change re-run the install; copy the manifest
/// (package.json, requirements.txt, go.mod, *.csproj, ...) first, install, then copy the rest.
/// </summary>
internal sealed class DF6003_CopyAllBeforeDependencies : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyAllBeforeDependencies, "Copy dependency manifests before the sources", "The whole context is copied before '{0}': every source change re-runs the install; copy the manifest first", RuleCategories.ImageSize, Severity.Info, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            InstructionSyntax? copyAll = null;
            var manifestCopied = false;
            foreach (var instr in stage.Instructions)
            {
                if ((instr.Keyword == "COPY" || instr.Keyword == "ADD") && instr.GetFlag("from") is null)
                {
                    for (var i = 0; i < instr.Arguments.Count - 1; i++)
                    {
                        var src = instr.Arguments[i].Value;
                        if (src == "." || src == "./" || src == "*")
                        {
                            copyAll ??= manifestCopied ? null : instr;
                        }
                        else
                        {
                            manifestCopied = true;
                        }
                    }

                    continue;
                }

                if (copyAll is null || instr.Keyword != "RUN" || instr.Info.Script is null)
                {
                    continue;
                }

                var install = DependencyInstall(instr.Info.Script);
                if (install != null)
                {
                    context.Report(Rule, copyAll.Start, copyAll.LineEnd, install);
                    break;
                }
            }
        }
    }

    private static string? DependencyInstall(Shell.ShellScript script)
    {
        foreach (var c in script.Commands)
        {
            var first = c.ArgCount > 0 ? c.Arg(0).Value : string.Empty;
            switch (c.Name)
            {
                case "npm" when first is "install" or "ci" or "i":
                case "yarn" when c.ArgCount == 0 || first == "install":
                case "pnpm" when first == "install":
                case "bundle" when first == "install":
                case "composer" when first == "install":
                case "dotnet" when first == "restore":
                case "go" when first == "mod" && c.ArgCount > 1 && c.Arg(1).Value == "download":
                    return c.Name + (first.Length > 0 ? " " + first : string.Empty);
                case "pip":
                case "pip3":
                    if (first == "install" && (c.HasArg("-r") || c.HasArgStartingWith("--requirement")))
                    {
                        return c.Name + " install -r";
                    }

                    break;
            }
        }

        return null;
    }
}
