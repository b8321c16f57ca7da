namespace CriRuntime.Dockerfile.Cli;

/// <summary>
/// A hand-written parser: System.CommandLine costs start-up time and trimming warnings for a dozen flags.
/// Accepts <c>--flag value</c>, <c>--flag=value</c>, <c>-f value</c>, <c>-</c> for stdin and <c>--</c> to end options.
/// </summary>
internal static class CommandLineParser
{
    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        var inputs = new List<string>();
        var ignored = new List<string>();
        var overrides = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        var trusted = new List<string>();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                inputs.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            var (name, inlineValue) = Split(arg);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option '{name}' needs a value"));
            switch (name)
            {
                case "-h" or "--help":
                    options = options with { ShowHelp = true };
                    break;
                case "-v" or "--version":
                    options = options with { ShowVersion = true };
                    break;
                case "--list-rules":
                    options = options with { ListRules = true };
                    break;
                case "--no-color":
                    options = options with { NoColor = true };
                    break;
                case "--baseline":
                    options = options with { BaselinePath = Value() };
                    break;
                case "--shellcheck":
                    options = options with { ShellCheck = true };
                    break;
                case "--disable-ignore-pragma":
                    options = options with { DisableIgnorePragmas = true };
                    break;
                case "-f" or "--format":
                    options = options with { Format = ParseFormat(Value()) };
                    break;
                case "-t" or "--failure-threshold":
                    options = options with { FailureThreshold = ParseSeverity(Value(), name) };
                    break;
                case "-c" or "--config":
                    options = options with { ConfigPath = Value() };
                    break;
                case "--ignore":
                    ignored.Add(RuleId(Value(), name));
                    break;
                case "--error" or "--warning" or "--info" or "--style":
                    overrides[RuleId(Value(), name)] = ParseSeverity(name[2..], name);
                    break;
                case "--trusted-registry":
                    trusted.Add(Value());
                    break;
                default:
                    throw new UsageException($"unknown option '{name}'");
            }
        }

        return options with { Inputs = inputs, Ignored = ignored, SeverityOverrides = overrides, TrustedRegistries = trusted };
    }

    private static string RuleId(string id, string option)
        => DockerfileLinter.IsKnownRuleId(id) ? id : throw new UsageException($"unknown rule id '{id}' for '{option}' (see --list-rules; DFxxxx, hadolint's DLxxxx, BuildKit check names and SCxxxx are accepted)");

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static OutputFormat ParseFormat(string value) => value.ToLowerInvariant() switch
    {
        "tty" => OutputFormat.Tty,
        "json" => OutputFormat.Json,
        "sarif" => OutputFormat.Sarif,
        "checkstyle" => OutputFormat.Checkstyle,
        "gnu" => OutputFormat.Gnu,
        _ => throw new UsageException($"unknown format '{value}' (expected tty, json, sarif, checkstyle or gnu)"),
    };

    public static Severity ParseSeverity(string value, string option) => value.ToLowerInvariant() switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        "style" => Severity.Style,
        "none" => Severity.None,
        _ => throw new UsageException($"'{value}' is no severity for '{option}' (expected error, warning, info, style or none)"),
    };
}
