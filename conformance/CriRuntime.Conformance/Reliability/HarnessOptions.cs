using System.Globalization;

namespace CriRuntime.Conformance.Reliability;

/// <summary>
/// The crash harness's flags: <c>--crash-harness N --daemon PATH --config FILE --socket PATH --dir DIR
/// [--bridge NAME] [--initial-pid PID] [--registry HOST:PORT] [--seed N]</c>.
/// </summary>
internal sealed record HarnessOptions(int Kills, string Daemon, string Config, string Socket, string Dir)
{
    public string Bridge { get; init; } = "";

    public int InitialPid { get; init; }

    public string? Registry { get; init; }

    public int Seed { get; init; } = Environment.TickCount;

    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required");
        return new HarnessOptions(int.Parse(Required("--crash-harness"), CultureInfo.InvariantCulture), Required("--daemon"), Required("--config"), Required("--socket"), Required("--dir"))
        {
            Bridge = values.GetValueOrDefault("--bridge") ?? "",
            InitialPid = values.TryGetValue("--initial-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : 0,
            Registry = values.GetValueOrDefault("--registry"),
            Seed = values.TryGetValue("--seed", out var seed) ? int.Parse(seed, CultureInfo.InvariantCulture) : Environment.TickCount,
        };
    }
}
