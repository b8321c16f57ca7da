using CriRuntime.Core.Configuration;

namespace CriRuntime.Server.Configuration;

/// <summary>
/// criruntimed's flags. Each overrides the config file's value; both "--flag value" and "--flag=value" work.
/// </summary>
internal sealed record CommandLine
{
    public const string Usage = """
        Usage: criruntimed [flags]

        A Kubernetes CRI runtime: serves runtime.v1 RuntimeService and ImageService on a unix socket.

        Flags (each overrides the config file):
          --config PATH            config file (default /etc/criruntime/config.toml; a missing file means defaults)
          --listen PATH            unix socket to serve CRI on (default /run/criruntime/criruntime.sock)
          --root PATH              persistent state directory (default /var/lib/criruntime)
          --state PATH             volatile state directory (default /run/criruntime)
          --metrics-address ADDR   host:port for Prometheus /metrics, "" to turn off (default 127.0.0.1:9101)
          --log-level LEVEL        trace, debug, info, warn or error (default info)
          --version                print the version and exit
          --help                   print this text and exit
        """;

    public string ConfigPath { get; init; } = ConfigFileLoader.DefaultPath;
    public string? Listen { get; init; }
    public string? Root { get; init; }
    public string? State { get; init; }
    public string? MetricsAddress { get; init; }
    public string? LogLevel { get; init; }
    public bool ShowHelp { get; init; }
    public bool ShowVersion { get; init; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                result = result with { ShowHelp = true };
                continue;
            }

            if (arg is "--version" or "-v")
            {
                result = result with { ShowVersion = true };
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            string Value()
            {
                if (eq > 0)
                {
                    return arg[(eq + 1)..];
                }

                if (i + 1 >= args.Count)
                {
                    throw new ConfigException($"flag {name} needs a value");
                }

                return args[++i];
            }

            result = name switch
            {
                "--config" => result with { ConfigPath = Value() },
                "--listen" => result with { Listen = Value() },
                "--root" => result with { Root = Value() },
                "--state" => result with { State = Value() },
                "--metrics-address" => result with { MetricsAddress = Value() },
                "--log-level" => result with { LogLevel = Value() },
                _ => throw new ConfigException($"unknown flag {name} (see --help)"),
            };
        }

        return result;
    }

    /// <summary>The file's configuration with these flags laid over it.</summary>
    public DaemonConfig ApplyTo(DaemonConfig config)
    {
        var level = config.LogLevel;
        if (LogLevel is not null && !EnumNames.TryParse(LogLevel, out level))
        {
            throw new ConfigException($"flag --log-level must be one of {string.Join(", ", EnumNames.All<LogLevelName>())}, got \"{LogLevel}\"");
        }

        var merged = config with
        {
            Listen = Listen ?? config.Listen,
            Root = Root ?? config.Root,
            State = State ?? config.State,
            MetricsAddress = MetricsAddress ?? config.MetricsAddress,
            LogLevel = level,
        };
        return ConfigValidator.Validate(merged, "flags");
    }
}
