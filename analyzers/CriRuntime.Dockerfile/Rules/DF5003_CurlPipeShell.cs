namespace CriRuntime.Dockerfile.Rules;

/// <summary>Piping a download into a shell runs whatever the server (or an attacker) sends, unverified.</summary>
internal sealed class DF5003_CurlPipeShell : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CurlPipeShell, "Do not pipe downloads into a shell", "'{0} | {1}' runs an unverified script: download it, check its checksum or signature, then run it", RuleCategories.Security, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            var commands = script.Commands;
            for (var i = 0; i < commands.Count; i++)
            {
                var c = commands[i];
                var reader = c.PipeTarget;
                if ((c.Name == "curl" || c.Name == "wget") && reader != null && IsInterpreter(reader.Name))
                {
                    var end = reader.Words[reader.Words.Count - 1].End > c.Words[0].Start ? PackageRules.CommandEnd(script, reader) : PackageRules.CommandEnd(script, c);
                    context.Report(Rule, PackageRules.CommandStart(script, c), end, c.Name, reader.Name);
                    continue;
                }

                if (IsInterpreter(c.Name))
                {
                    for (var k = c.NameIndex + 1; k < c.Words.Count; k++)
                    {
                        var v = c.Words[k].Value;
                        if (v.IndexOf("$(curl", System.StringComparison.Ordinal) >= 0 || v.IndexOf("$(wget", System.StringComparison.Ordinal) >= 0)
                        {
                            context.Report(Rule, PackageRules.CommandStart(script, c), PackageRules.CommandEnd(script, c), v.IndexOf("$(curl", System.StringComparison.Ordinal) >= 0 ? "curl" : "wget", c.Name);
                            break;
                        }
                    }
                }
            }
        }
    }

    private static bool IsInterpreter(string name)
        => name is "sh" or "bash" or "ash" or "dash" or "zsh" or "ksh" or "perl" or "ruby" or "node" || Shell.PackageManagers.IsPython(name);
}
