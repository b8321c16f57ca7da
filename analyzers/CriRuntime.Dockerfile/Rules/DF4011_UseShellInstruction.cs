namespace CriRuntime.Dockerfile.Rules;

/// <summary>Replacing /bin/sh with a symlink changes every script of the image; SHELL changes only the Dockerfile's RUNs.</summary>
internal sealed class DF4011_UseShellInstruction : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseShellInstruction, "Use SHELL to change the default shell", "Use the SHELL instruction instead of replacing /bin/sh", RuleCategories.BestPractice, Severity.Warning, "DL4005");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                if (command.Name == "ln" && command.ArgCount >= 2 && command.Arg(command.ArgCount - 1).Value == "/bin/sh")
                {
                    context.Report(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command));
                }
            }
        }
    }
}
