namespace CriRuntime.ShimContract.Arguments;

/// <summary>
/// The arguments of <c>criruntime-shim run</c> (docs/shim.md): the daemon writes them with <see cref="ToArguments"/>,
/// the shim reads them with <see cref="Parse"/>, which makes paths absolute.
/// </summary>
public sealed record ShimRunOptions
{
    /// <summary>The shim's subcommand.</summary>
    public const string Command = "run";

    private const string IdFlag = "--id";
    private const string BundleFlag = "--bundle";
    private const string RuntimeFlag = "--runtime";
    private const string RuntimeRootFlag = "--runtime-root";
    private const string LogFlag = "--log";
    private const string ExitFileFlag = "--exit-file";
    private const string SocketFlag = "--socket";
    private const string PidFileFlag = "--pid-file";
    private const string TtyFlag = "--tty";
    private const string StdinFlag = "--stdin";
    private const string StdinOnceFlag = "--stdin-once";
    private const string SystemdCgroupFlag = "--systemd-cgroup";

    /// <summary>The container id (no '/').</summary>
    public required string Id { get; init; }

    /// <summary>The OCI bundle directory.</summary>
    public required string Bundle { get; init; }

    /// <summary>The OCI runtime binary.</summary>
    public required string Runtime { get; init; }

    /// <summary>The runtime's <c>--root</c>.</summary>
    public required string RuntimeRoot { get; init; }

    /// <summary>The CRI log file the shim writes the container's output to.</summary>
    public required string Log { get; init; }

    /// <summary>Where the shim writes the exit file (<see cref="Exit.ExitFileFormat"/>).</summary>
    public required string ExitFile { get; init; }

    /// <summary>The control socket the shim listens on (<see cref="Control.ControlRequest"/>).</summary>
    public required string Socket { get; init; }

    /// <summary>The runtime's <c>--pid-file</c>: the container's init PID once created.</summary>
    public required string PidFile { get; init; }

    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    public bool StdinOnce { get; init; }

    /// <summary>The runtime's <c>--systemd-cgroup</c>.</summary>
    public bool SystemdCgroup { get; init; }

    /// <summary>The shim's command line after its binary: <c>run --id ID ... [--tty] ...</c>.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string>
        {
            Command, IdFlag, Id, BundleFlag, Bundle, RuntimeFlag, Runtime, RuntimeRootFlag, RuntimeRoot, LogFlag, Log,
            ExitFileFlag, ExitFile, SocketFlag, Socket, PidFileFlag, PidFile,
        };
        AddIf(args, Tty, TtyFlag);
        AddIf(args, Stdin, StdinFlag);
        AddIf(args, StdinOnce, StdinOnceFlag);
        AddIf(args, SystemdCgroup, SystemdCgroupFlag);
        return args;
    }

    /// <summary>Reads the arguments after <c>run</c>; throws <see cref="ShimArgumentException"/> naming the flag.</summary>
    public static ShimRunOptions Parse(IReadOnlyList<string> args)
    {
        string? id = null, bundle = null, runtime = null, runtimeRoot = null, log = null, exitFile = null, socket = null, pidFile = null;
        bool tty = false, stdin = false, stdinOnce = false, systemd = false;
        var reader = new ArgReader(args);
        while (reader.NextFlag() is { } flag)
        {
            switch (flag)
            {
                case IdFlag: id = reader.Value(flag); break;
                case BundleFlag: bundle = reader.PathValue(flag); break;
                case RuntimeFlag: runtime = reader.PathValue(flag); break;
                case RuntimeRootFlag: runtimeRoot = reader.PathValue(flag); break;
                case LogFlag: log = reader.PathValue(flag); break;
                case ExitFileFlag: exitFile = reader.PathValue(flag); break;
                case SocketFlag: socket = reader.PathValue(flag); break;
                case PidFileFlag: pidFile = reader.PathValue(flag); break;
                case TtyFlag: tty = true; break;
                case StdinFlag: stdin = true; break;
                case StdinOnceFlag: stdinOnce = true; break;
                case SystemdCgroupFlag: systemd = true; break;
                default: throw new ShimArgumentException($"run: unknown flag {flag}");
            }
        }

        if (string.IsNullOrEmpty(id) || id.Contains('/', StringComparison.Ordinal))
        {
            throw new ShimArgumentException($"run: {IdFlag} is required and must not contain '/'");
        }

        return new ShimRunOptions
        {
            Id = id,
            Bundle = bundle ?? throw Missing(BundleFlag),
            Runtime = runtime ?? throw Missing(RuntimeFlag),
            RuntimeRoot = runtimeRoot ?? throw Missing(RuntimeRootFlag),
            Log = log ?? throw Missing(LogFlag),
            ExitFile = exitFile ?? throw Missing(ExitFileFlag),
            Socket = socket ?? throw Missing(SocketFlag),
            PidFile = pidFile ?? throw Missing(PidFileFlag),
            Tty = tty,
            Stdin = stdin,
            StdinOnce = stdinOnce,
            SystemdCgroup = systemd,
        };
    }

    /// <summary>The OCI runtime command line for <c>create</c>, binary first.</summary>
    public IReadOnlyList<string> CreateArguments(string? consoleSocket)
    {
        var args = new List<string> { Runtime };
        args.AddRange(OciGlobalFlags.Of(RuntimeRoot, SystemdCgroup));
        args.AddRange(["create", "--bundle", Bundle, "--pid-file", PidFile]);
        if (consoleSocket is not null)
        {
            args.AddRange(["--console-socket", consoleSocket]);
        }

        args.Add(Id);
        return args;
    }

    internal static void AddIf(List<string> args, bool condition, string flag)
    {
        if (condition)
        {
            args.Add(flag);
        }
    }

    private static ShimArgumentException Missing(string flag) => new($"run: {flag} is required");
}
