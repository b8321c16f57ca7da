namespace CriRuntime.Dockerfile.Rules;

/// <summary>Interactive tools and service managers make no sense in a build (no tty, no init).</summary>
internal sealed class DF4013_AvoidInteractiveCommands : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AvoidInteractiveCommands, "Avoid commands that make no sense in a container build", "'{0}' makes no sense in a container build", RuleCategories.BestPractice, Severity.Info, "DL3001");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                switch (command.Name)
                {
                    case "ssh":
                    case "vim":
                    case "vi":
                    case "nano":
                    case "shutdown":
                    case "reboot":
                    case "service":
                    case "systemctl":
                    case "ps":
                    case "free":
                    case "top":
                    case "htop":
                    case "kill":
                    case "mount":
                    case "ifconfig":
                        if (command.Name == "systemctl" && command.ArgCount > 0 && command.Arg(0).Value is "enable" or "disable" or "mask" or "set-default")
                        {
                            break;
                        }

                        context.Report(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command), command.Name);
                        break;
                }
            }
        }
    }
}
