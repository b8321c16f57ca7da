namespace CriRuntime.Shim.Options;

/// <summary>The arguments of <c>criruntime-shim run</c> (docs/shim.md); paths are made absolute.</summary>
internal sealed record RunOptions
{
    public required string Id { get; init; }

    public required string Bundle { get; init; }

    public required string Runtime { get; init; }

    public required string RuntimeRoot { get; init; }

    public required string Log { get; init; }

    public required string ExitFile { get; init; }

    public required string Socket { get; init; }

    public required string PidFile { get; init; }

    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    public bool SystemdCgroup { get; init; }

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        string? id = null, bundle = null, runtime = null, runtimeRoot = null, log = null, exitFile = null, socket = null, pidFile = null;
        bool tty = false, stdin = false, stdinOnce = false, systemd = false;
        var reader = new ArgReader(args);
        while (reader.NextFlag() is { } flag)
        {
            switch (flag)
            {
                case "--id": id = reader.Value(flag); break;
                case "--bundle": bundle = reader.PathValue(flag); break;
                case "--runtime": runtime = reader.PathValue(flag); break;
                case "--runtime-root": runtimeRoot = reader.PathValue(flag); break;
                case "--log": log = reader.PathValue(flag); break;
                case "--exit-file": exitFile = reader.PathValue(flag); break;
                case "--socket": socket = reader.PathValue(flag); break;
                case "--pid-file": pidFile = reader.PathValue(flag); break;
                case "--tty": tty = true; break;
                case "--stdin": stdin = true; break;
                case "--stdin-once": stdinOnce = true; break;
                case "--systemd-cgroup": systemd = true; break;
                default: throw new ShimException($"run: unknown flag {flag}");
            }
        }

        if (string.IsNullOrEmpty(id) || id.Contains('/', StringComparison.Ordinal))
        {
            throw new ShimException("run: --id is required and must not contain '/'");
        }

        return new RunOptions
        {
            Id = id,
            Bundle = bundle ?? throw Missing("--bundle"),
            Runtime = runtime ?? throw Missing("--runtime"),
            RuntimeRoot = runtimeRoot ?? throw Missing("--runtime-root"),
            Log = log ?? throw Missing("--log"),
            ExitFile = exitFile ?? throw Missing("--exit-file"),
            Socket = socket ?? throw Missing("--socket"),
            PidFile = pidFile ?? throw Missing("--pid-file"),
            Tty = tty,
            Stdin = stdin,
            StdinOnce = stdinOnce,
            SystemdCgroup = systemd,
        };
    }

    /// <summary>The OCI runtime command line for <c>create</c>.</summary>
    public IReadOnlyList<string> CreateArguments(string? consoleSocket)
    {
        var args = new List<string> { Runtime, "--root", RuntimeRoot };
        if (SystemdCgroup)
        {
            args.Add("--systemd-cgroup");
        }

        args.AddRange(["create", "--bundle", Bundle, "--pid-file", PidFile]);
        if (consoleSocket is not null)
        {
            args.AddRange(["--console-socket", consoleSocket]);
        }

        args.Add(Id);
        return args;
    }

    private static ShimException Missing(string flag) => new($"run: {flag} is required");
}
