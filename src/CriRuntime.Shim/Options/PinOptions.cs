namespace CriRuntime.Shim.Options;

/// <summary>The arguments of <c>criruntime-shim pin</c>.</summary>
internal sealed record PinOptions
{
    public required string Dir { get; init; }

    public bool Net { get; init; }

    public bool Ipc { get; init; }

    public bool Uts { get; init; }

    public string? Hostname { get; init; }

    public static PinOptions Parse(IReadOnlyList<string> args)
    {
        string? dir = null, hostname = null;
        bool net = false, ipc = false, uts = false;
        var reader = new ArgReader(args);
        while (reader.NextFlag() is { } flag)
        {
            switch (flag)
            {
                case "--dir": dir = reader.PathValue(flag); break;
                case "--net": net = true; break;
                case "--ipc": ipc = true; break;
                case "--uts": uts = true; break;
                case "--hostname": hostname = reader.Value(flag); break;
                default: throw new ShimException($"pin: unknown flag {flag}");
            }
        }

        if (dir is null)
        {
            throw new ShimException("pin: --dir is required");
        }

        if (!net && !ipc && !uts)
        {
            throw new ShimException("pin: nothing to pin; give --net, --ipc and/or --uts");
        }

        // Without a new UTS namespace the hostname would be the node's own.
        if (hostname is not null && !uts)
        {
            throw new ShimException("pin: --hostname needs --uts");
        }

        if (hostname is { Length: 0 or > 64 })
        {
            throw new ShimException("pin: --hostname must be 1 to 64 bytes");
        }

        return new PinOptions { Dir = dir, Net = net, Ipc = ipc, Uts = uts, Hostname = hostname };
    }
}
