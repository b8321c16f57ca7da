namespace CriRuntime.Dockerfile.Rules;

/// <summary>RUN already runs as the current USER; sudo adds a setuid binary and unpredictable TTY/signal behaviour.</summary>
internal sealed class DF5002_AvoidSudo : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AvoidSudo, "Do not use sudo", "Do not use sudo: switch with USER instead, or use gosu/su-exec at run time", RuleCategories.Security, Severity.Error, "DL3004");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                var end = command.NameIndex < 0 ? command.Words.Count : command.NameIndex + 1;
                for (var k = 0; k < end; k++)
                {
                    if (command.Words[k].Value == "sudo")
                    {
                        context.Report(Rule, script.FileStart(command.Words[k]), script.FileEnd(command.Words[k]));
                        break;
                    }
                }
            }
        }
    }
}
