using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Turning TLS certificate checks off lets anyone on the path replace what the build downloads.</summary>
internal sealed class DF5004_TlsVerificationDisabled : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.TlsVerificationDisabled, "Do not disable TLS certificate verification", "{0} disables TLS certificate verification", RuleCategories.Security, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                var what = Check(command);
                if (what != null)
                {
                    context.Report(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command), what);
                }
            }
        }

        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "ENV" && instr.Keyword != "ARG")
            {
                continue;
            }

            foreach (var pair in instr.Pairs)
            {
                if (pair.HasValue && IsInsecureSetting(pair.Key.Value, pair.Value.Value))
                {
                    context.Report(Rule, pair.Whole, pair.Key.Value + "=" + pair.Value.Value);
                }
            }
        }
    }

    private static string? Check(ShellCommand c)
    {
        if (c.NameIndex < 0)
        {
            return null;
        }

        for (var k = 0; k < c.NameIndex; k++)
        {
            var assignment = c.Words[k].Value;
            var eq = assignment.IndexOf('=');
            if (eq > 0 && IsInsecureSetting(assignment.Substring(0, eq), assignment.Substring(eq + 1)))
            {
                return assignment;
            }
        }

        switch (c.Name)
        {
            case "curl":
                for (var k = 0; k < c.ArgCount; k++)
                {
                    var v = c.Arg(k).Value;
                    if (v == "--insecure" || (v.Length > 1 && v[0] == '-' && v[1] != '-' && v.IndexOf('k') > 0))
                    {
                        return "curl " + v;
                    }
                }

                return null;
            case "wget":
                return c.HasArg("--no-check-certificate") ? "wget --no-check-certificate" : null;
            case "git":
                for (var k = 0; k < c.ArgCount; k++)
                {
                    var v = c.Arg(k).Value.ToLowerInvariant();
                    if (v == "http.sslverify=false" || (v == "http.sslverify" && k + 1 < c.ArgCount && c.Arg(k + 1).Value.ToLowerInvariant() == "false"))
                    {
                        return "git http.sslVerify=false";
                    }
                }

                return null;
            case "npm":
            case "yarn":
            case "pnpm":
                for (var k = 0; k < c.ArgCount; k++)
                {
                    var v = c.Arg(k).Value;
                    if (v == "--strict-ssl=false" || (v == "strict-ssl" && k + 1 < c.ArgCount && c.Arg(k + 1).Value == "false"))
                    {
                        return c.Name + " strict-ssl false";
                    }
                }

                return null;
            default:
                if (c.Name.StartsWith("pip", System.StringComparison.Ordinal) || PackageManagers.IsPython(c.Name))
                {
                    for (var k = 0; k < c.ArgCount; k++)
                    {
                        if (c.Arg(k).Value.StartsWith("--trusted-host", System.StringComparison.Ordinal))
                        {
                            return "pip --trusted-host";
                        }
                    }
                }

                return null;
        }
    }

    private static bool IsInsecureSetting(string key, string value)
    {
        var v = value.Trim().ToLowerInvariant();
        switch (key)
        {
            case "NODE_TLS_REJECT_UNAUTHORIZED":
            case "PYTHONHTTPSVERIFY":
                return v == "0";
            case "GIT_SSL_NO_VERIFY":
                return v.Length > 0 && v != "0" && v != "false";
            case "NPM_CONFIG_STRICT_SSL":
            case "npm_config_strict_ssl":
            case "YARN_STRICT_SSL":
                return v == "false";
            case "PIP_TRUSTED_HOST":
                return v.Length > 0;
            default:
                return false;
        }
    }
}
