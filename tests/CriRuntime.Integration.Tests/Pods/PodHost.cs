using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.Integration.Tests.Shim;
using CriRuntime.Linux.Cgroups;
using CriRuntime.Linux.Files;
using CriRuntime.Linux.Namespaces;
using CriRuntime.Linux.Oci;
using CriRuntime.Linux.ShimClient;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>
/// Sandboxes and containers wired as the daemon wires them (real runc, shim, overlayfs, cgroups), in process, over a
/// temporary root and state dir, with busybox pulled from a loopback registry through the real image manager.
/// <see cref="Reopen"/> builds everything anew over the same dirs, as a daemon restart does.
/// </summary>
public sealed class PodHost : IAsyncLifetime
{
    /// <summary>The cgroup parent of the daemon-based tests. No test removes it: a removal could race a parallel test's runc create.</summary>
    public const string CgroupParent = "/criruntime-it";

    /// <summary>This host's own cgroup parent (<c>/criruntime-it-XXXXXXXXXXXX</c>), removed by <see cref="DisposeAsync"/>.</summary>
    public string OwnCgroupParent { get; } = "/criruntime-it-" + Guid.NewGuid().ToString("N")[..12];

    private RegistryProcess? _registry;

    public string Dir { get; } = Directory.CreateTempSubdirectory("criruntime-pods-").FullName;

    public ImageTestHost Images { get; } = new();

    public string BusyboxImage { get; private set; } = "";

    public DaemonConfig Config { get; private set; } = null!;

    public RuntimePaths Paths { get; private set; } = null!;

    public SandboxManager Sandboxes { get; private set; } = null!;

    public ContainerManager Containers { get; private set; } = null!;

    /// <summary>The handlers' probed OCI runtime features.</summary>
    public HandlerFeatureProbe Features { get; private set; } = null!;

    public static bool Available => Environment.UserName == "root" && BusyboxLayer.Available && RegistryProcess.Available && File.Exists("/usr/sbin/runc");

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        using (var push = new RegistryPusher(_registry.BaseUri))
        {
            await push.PushImageAsync("pods/busybox", new ImageBuilder().Layer(BusyboxLayer.Create().Build()), "1.0");
        }

        BusyboxImage = $"{_registry.Host}/pods/busybox:1.0";
        await Images.Images.PullAsync(BusyboxImage, null, default);
        Config = new DaemonConfig
        {
            Root = Path.Combine(Dir, "root"),
            State = Path.Combine(Dir, "state"),
            Runtime = new RuntimeSection { ShimPath = ShimBinary.Path },
        };
        await ReopenAsync();
    }

    /// <summary>Pushes an image to the host's registry and pulls it; returns its reference.</summary>
    public async Task<string> PushAndPullAsync(string repository, ImageBuilder image)
    {
        using (var push = new RegistryPusher(_registry!.BaseUri))
        {
            await push.PushImageAsync(repository, image, "1.0");
        }

        var reference = $"{_registry.Host}/{repository}:1.0";
        await Images.Images.PullAsync(reference, null, default);
        return reference;
    }

    /// <summary>New managers over the same directories, recovered: what a daemon restart sees.</summary>
    public async Task ReopenAsync()
    {
        Paths = new RuntimePaths(Config);
        var sandboxStore = new ObjectStore<SandboxRecord>(Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, HostFiles.Instance, TimeProvider.System);
        var containerStore = new ObjectStore<ContainerRecord>(Paths.ContainerMetadata, ContainerJsonContext.Default.ContainerRecord, r => r.Id, r => r.FullName, HostFiles.Instance, TimeProvider.System);
        var runtimes = new OciRuntimeProvider(Config, HostFiles.Instance, NullLogger<RuncRuntime>.Instance);
        Features = new HandlerFeatureProbe(Config, runtimes, NullLogger<HandlerFeatureProbe>.Instance);
        await Features.ProbeAsync(default);
        Containers = new ContainerManager(
            containerStore,
            sandboxStore,
            new ImageManagerContainerImages(Images.Images, Images.Content),
            new OverlayRootfsMounter(),
            new ShimHost(Paths),
            runtimes,
            new CgroupReader(),
            new DeviceResolver(),
            Features,
            new HostSecurity(),
            Paths,
            Config,
            NullLogger<ContainerManager>.Instance,
            HostFiles.Instance,
            TimeProvider.System);
        Sandboxes = new SandboxManager(sandboxStore, Containers, new SandboxHost(Paths), new NoPodNetwork(), runtimes, Paths, NullLogger<SandboxManager>.Instance, HostFiles.Instance, TimeProvider.System);
        Sandboxes.Recover();
        await Containers.RecoverAsync(default);
    }

    public SandboxRequest Sandbox(string name, NamespaceMode pid = NamespaceMode.Container) => new()
    {
        Name = name,
        Namespace = "pods-it",
        Uid = Guid.NewGuid().ToString("N"),
        Hostname = name,
        LogDirectory = Path.Combine(Dir, "logs", name),
        CgroupParent = OwnCgroupParent,
        PidMode = pid,
    };

    public ContainerRequest Container(string sandboxId, string name, params string[] command) => new()
    {
        SandboxId = sandboxId,
        Name = name,
        Image = BusyboxImage,
        Command = command,
        LogPath = name + ".log",
    };

    public async Task DisposeAsync()
    {
        foreach (var sandbox in Sandboxes.List(new SandboxFilter()))
        {
            await Sandboxes.RemoveAsync(sandbox.Id, default);
        }

        foreach (var hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            var dir = Path.Combine(hierarchy, OwnCgroupParent.TrimStart('/'));
            if (Directory.Exists(dir) && new DirectoryInfo(hierarchy).LinkTarget is null)
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (IOException)
                {
                }
            }
        }

        _registry?.Dispose();
        Images.Dispose();
        if (MountTable.Under(Dir).Count == 0)
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
