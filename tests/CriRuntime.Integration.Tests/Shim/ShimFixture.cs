using Xunit;

namespace CriRuntime.Integration.Tests.Shim;

/// <summary>Once per run: the published shim, a busybox rootfs and a runc state root, all in one temporary directory.</summary>
public sealed class ShimFixture : IDisposable
{
    public ShimFixture()
    {
        Shim = ShimBinary.Path;
        Dir = Directory.CreateTempSubdirectory("criruntime-shim-it-").FullName;
        Rootfs = BusyboxRootfs.Create(Path.Combine(Dir, "rootfs"));
        RuntimeRoot = Directory.CreateDirectory(Path.Combine(Dir, "runc")).FullName;
    }

    public string Shim { get; }

    public string Dir { get; }

    public string Rootfs { get; }

    public string RuntimeRoot { get; }

    public string Runc => "/usr/sbin/runc";

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>Shim tests share one fixture and run one at a time: runc, mounts and cgroups are machine-wide.</summary>
[CollectionDefinition(Name)]
public sealed class ShimCollection : ICollectionFixture<ShimFixture>
{
    public const string Name = "shim";
}
