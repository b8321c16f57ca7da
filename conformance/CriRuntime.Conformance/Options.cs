using System.Text.RegularExpressions;

namespace CriRuntime.Conformance;

/// <summary>cri-conformance's flags.</summary>
internal sealed record Options
{
    public const string Usage = """
        Usage: cri-conformance --runtime-endpoint unix:///path.sock [--image-endpoint unix:///path.sock]
                               [--registry HOST:PORT] [--focus REGEX] [--skip REGEX] [--spec-timeout SECONDS]

        Runs CRI behaviour specs against the endpoint and ends with "N passed, N failed, N skipped".
        Exit code 0 when nothing failed, 1 otherwise, 2 for bad flags.
        """;

    public string RuntimeEndpoint { get; init; } = "";
    public string ImageEndpoint { get; init; } = "";
    public string? Registry { get; init; }
    public Regex? Focus { get; init; }
    public Regex? Skip { get; init; }
    public TimeSpan SpecTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            string Value() => eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"flag {name} needs a value");
            options = name switch
            {
                "--runtime-endpoint" or "-r" => options with { RuntimeEndpoint = Value() },
                "--image-endpoint" or "-i" => options with { ImageEndpoint = Value() },
                "--registry" => options with { Registry = Value() },
                "--focus" => options with { Focus = new Regex(Value(), RegexOptions.None, TimeSpan.FromSeconds(1)) },
                "--skip" => options with { Skip = new Regex(Value(), RegexOptions.None, TimeSpan.FromSeconds(1)) },
                "--spec-timeout" => options with { SpecTimeout = TimeSpan.FromSeconds(int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown flag {name}"),
            };
        }

        if (options.RuntimeEndpoint.Length == 0)
        {
            throw new ArgumentException("--runtime-endpoint is required");
        }

        return options.ImageEndpoint.Length == 0 ? options with { ImageEndpoint = options.RuntimeEndpoint } : options;
    }
}
