using System.Text.RegularExpressions;

namespace CriRuntime.Conformance;

/// <summary>cri-conformance's flags.</summary>
internal sealed record Options
{
    public const string Usage = """
        Usage: cri-conformance --runtime-endpoint unix:///path.sock [--image-endpoint unix:///path.sock]
                               [--registry HOST:PORT] [--focus REGEX] [--skip REGEX] [--spec-timeout SECONDS]
               cri-conformance --benchmark --runtime-endpoint unix:///a.sock [--peer-endpoint unix:///b.sock]
                               [--label NAME] [--peer-label NAME] [--iterations N] [--pods 10,50]
                               [--image REF] [--pull-image REF] [--pod-network] [--json FILE]
                               [--pull-benchmark REGISTRY_HOST:PORT]

        Runs CRI behaviour specs against the endpoint and ends with "N passed, N failed, N skipped".
        Exit code 0 when nothing failed, 1 otherwise, 2 for bad flags.
        With --benchmark it measures lifecycle and image latencies (median, p95, p99), pods started at once and
        resident memory, against both endpoints alternately, and prints them side by side with their ratio.
        """;

    public string RuntimeEndpoint { get; init; } = "";
    public string ImageEndpoint { get; init; } = "";
    public string? Registry { get; init; }
    public Regex? Focus { get; init; }
    public Regex? Skip { get; init; }
    public TimeSpan SpecTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public bool Benchmark { get; init; }
    public string PeerEndpoint { get; init; } = "";
    public string Label { get; init; } = "criruntime";
    public string PeerLabel { get; init; } = "containerd";
    public int Iterations { get; init; } = 50;
    public IReadOnlyList<int> Pods { get; init; } = [10, 50];
    public string Image { get; init; } = "127.0.0.1:5000/library/busybox:latest";
    public string PullImage { get; init; } = "127.0.0.1:5000/k8s-staging-cri-tools/test-image-2:latest";
    public bool PodNetwork { get; init; }
    public string? JsonPath { get; init; }
    public string? PullBenchmarkRegistry { get; init; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (name is "--benchmark" or "--pod-network")
            {
                options = name == "--benchmark" ? options with { Benchmark = true } : options with { PodNetwork = true };
                continue;
            }

            string Value() => eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"flag {name} needs a value");
            options = name switch
            {
                "--runtime-endpoint" or "-r" => options with { RuntimeEndpoint = Value() },
                "--image-endpoint" or "-i" => options with { ImageEndpoint = Value() },
                "--registry" => options with { Registry = Value() },
                "--focus" => options with { Focus = new Regex(Value(), RegexOptions.None, TimeSpan.FromSeconds(1)) },
                "--skip" => options with { Skip = new Regex(Value(), RegexOptions.None, TimeSpan.FromSeconds(1)) },
                "--peer-endpoint" => options with { PeerEndpoint = Value() },
                "--label" => options with { Label = Value() },
                "--peer-label" => options with { PeerLabel = Value() },
                "--iterations" => options with { Iterations = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--pods" => options with { Pods = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList() },
                "--image" => options with { Image = Value() },
                "--pull-image" => options with { PullImage = Value() },
                "--json" => options with { JsonPath = Value() },
                "--pull-benchmark" => options with { PullBenchmarkRegistry = Value() },
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
