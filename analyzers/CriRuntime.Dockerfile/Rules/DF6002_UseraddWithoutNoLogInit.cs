namespace CriRuntime.Dockerfile.Rules;

/// <summary>useradd with a high UID writes a sparse lastlog/faillog entry that becomes gigabytes in a layer; -l skips it.</summary>
internal sealed class DF6002_UseraddWithoutNoLogInit : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseraddWithoutNoLogInit, "useradd with a high UID needs -l", "useradd with UID {0} without -l/--no-log-init can create a huge /var/log/lastlog", RuleCategories.ImageSize, Severity.Warning, "DL3046", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                if (command.Name != "useradd" || command.HasArg("-l") || command.HasArg("--no-log-init"))
                {
                    continue;
                }

                string? uid = null;
                for (var k = 0; k < command.ArgCount; k++)
                {
                    var v = command.Arg(k).Value;
                    if ((v == "-u" || v == "--uid") && k + 1 < command.ArgCount)
                    {
                        uid = command.Arg(k + 1).Value;
                    }
                    else if (v.StartsWith("--uid=", System.StringComparison.Ordinal))
                    {
                        uid = v.Substring(6);
                    }
                    else if (v.Length > 2 && v[0] == '-' && v[1] != '-' && v.IndexOf('l') > 0)
                    {
                        uid = null;
                        break;
                    }
                }

                if (uid != null && uid.Length > 5 && long.TryParse(uid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    var at = script.FileEnd(command.Words[command.NameIndex]);
                    context.ReportWithFixes(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command), context.Fix("Add -l", at, at, " -l"), uid);
                }
            }
        }
    }
}
