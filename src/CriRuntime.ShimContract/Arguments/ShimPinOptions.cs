namespace CriRuntime.ShimContract.Arguments;

/// <summary>
/// The arguments of <c>criruntime-shim pin</c> (docs/shim.md): new network, IPC and/or UTS namespaces bind-mounted
/// at <c>DIR/net</c>, <c>DIR/ipc</c>, <c>DIR/uts</c> (<see cref="PinPath"/>). The daemon writes them with
/// <see cref="ToArguments"/>, the shim reads them with <see cref="Parse"/>.
/// </summary>
public sealed record ShimPinOptions
{
    /// <summary>The shim's subcommand.</summary>
    public const string Command = "pin";

    /// <summary>The pin file of the network namespace in <see cref="Dir"/>.</summary>
    public const string NetName = "net";

    /// <summary>The pin file of the IPC namespace in <see cref="Dir"/>.</summary>
    public const string IpcName = "ipc";

    /// <summary>The pin file of the UTS namespace in <see cref="Dir"/>.</summary>
    public const string UtsName = "uts";

    private const string DirFlag = "--dir";
    private const string NetFlag = "--net";
    private const string IpcFlag = "--ipc";
    private const string UtsFlag = "--uts";
    private const string HostnameFlag = "--hostname";

    /// <summary>The directory the pins are made in.</summary>
    public required string Dir { get; init; }

    public bool Net { get; init; }

    public bool Ipc { get; init; }

    public bool Uts { get; init; }

    /// <summary>The hostname set in the new UTS namespace (1 to 64 bytes; needs <see cref="Uts"/>).</summary>
    public string? Hostname { get; init; }

    /// <summary>Where the pin of the namespace <paramref name="name"/> (<see cref="NetName"/>, ...) is.</summary>
    public string PinPath(string name) => Path.Combine(Dir, name);

    /// <summary>The shim's command line after its binary: <c>pin --dir DIR [--net] [--ipc] [--uts [--hostname H]]</c>.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string> { Command, DirFlag, Dir };
        ShimRunOptions.AddIf(args, Net, NetFlag);
        ShimRunOptions.AddIf(args, Ipc, IpcFlag);
        ShimRunOptions.AddIf(args, Uts, UtsFlag);
        if (!string.IsNullOrEmpty(Hostname))
        {
            args.AddRange([HostnameFlag, Hostname]);
        }

        return args;
    }

    /// <summary>Reads the arguments after <c>pin</c>; throws <see cref="ShimArgumentException"/> naming the flag.</summary>
    public static ShimPinOptions Parse(IReadOnlyList<string> args)
    {
        string? dir = null, hostname = null;
        bool net = false, ipc = false, uts = false;
        var reader = new ArgReader(args);
        while (reader.NextFlag() is { } flag)
        {
            switch (flag)
            {
                case DirFlag: dir = reader.PathValue(flag); break;
                case NetFlag: net = true; break;
                case IpcFlag: ipc = true; break;
                case UtsFlag: uts = true; break;
                case HostnameFlag: hostname = reader.Value(flag); break;
                default: throw new ShimArgumentException($"pin: unknown flag {flag}");
            }
        }

        if (dir is null)
        {
            throw new ShimArgumentException($"pin: {DirFlag} is required");
        }

        if (!net && !ipc && !uts)
        {
            throw new ShimArgumentException($"pin: nothing to pin; give {NetFlag}, {IpcFlag} and/or {UtsFlag}");
        }

        // Without a new UTS namespace the hostname would be the node's own.
        if (hostname is not null && !uts)
        {
            throw new ShimArgumentException($"pin: {HostnameFlag} needs {UtsFlag}");
        }

        if (hostname is { Length: 0 or > 64 })
        {
            throw new ShimArgumentException($"pin: {HostnameFlag} must be 1 to 64 bytes");
        }

        return new ShimPinOptions { Dir = dir, Net = net, Ipc = ipc, Uts = uts, Hostname = hostname };
    }
}
