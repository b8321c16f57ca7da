using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Events;
using CriRuntime.Core.Images.Models;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.ShimContract.Arguments;
using CriRuntime.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CriRuntime.Core.Tests.Containers;

/// <summary>Recording fakes of the host, so the managers' step and undo logic runs without root.</summary>
internal sealed class FakeHost : IDisposable
{
    public FakeHost()
    {
        Dir = Directory.CreateTempSubdirectory("criruntime-fake-").FullName;
        Config = new DaemonConfig
        {
            Root = Path.Combine(Dir, "root"),
            State = Path.Combine(Dir, "state"),
            Cdi = new CdiSection { SpecDirs = [Path.Combine(Dir, "cdi-low"), Path.Combine(Dir, "cdi-high")] },
        };
        Paths = new RuntimePaths(Config);
        SandboxStore = new ObjectStore<SandboxRecord>(Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, Files, Time);
        ContainerStore = new ObjectStore<ContainerRecord>(Paths.ContainerMetadata, ContainerJsonContext.Default.ContainerRecord, r => r.Id, r => r.FullName, Files, Time);
        Runtime = new FakeRuntime(this);
        Containers = new ContainerManager(ContainerStore, SandboxStore, Images, Mounter, Shims, new FakeRuntimes(Runtime), Cgroups, new FakeDevices(), Features, Security, Paths, Config, NullLogger<ContainerManager>.Instance, Files, Time, EventHub, UserNamespaces);
        Sandboxes = new SandboxManager(SandboxStore, Containers, SandboxHost, Network, new FakeRuntimes(Runtime), Paths, NullLogger<SandboxManager>.Instance, Files, Time);
    }

    public string Dir { get; }

    public FakeHostFiles Files { get; } = new();

    public ContainerEventHub EventHub { get; } = new();

    /// <summary>The managers' clock: starts at a fixed moment and moves only when a test advances it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DaemonConfig Config { get; }

    public RuntimePaths Paths { get; }

    public List<string> Events { get; } = [];

    public ObjectStore<SandboxRecord> SandboxStore { get; }

    public ObjectStore<ContainerRecord> ContainerStore { get; }

    public FakeImages Images { get; } = new();

    public FakeHandlerFeatures Features { get; } = new();

    public FakeHostSecurity Security { get; } = new();

    public FakeMounter Mounter { get; } = new();

    public FakeCgroups Cgroups { get; } = new();

    public FakeShims Shims { get; } = new();

    public FakeRuntime Runtime { get; }

    public FakeSandboxHost SandboxHost { get; } = new();

    public FakeUserNamespaceHost UserNamespaces { get; } = new();

    public FakeNetwork Network { get; } = new();

    public ContainerManager Containers { get; }

    public SandboxManager Sandboxes { get; }

    public SandboxRequest Sandbox(string name) => new() { Name = name, Namespace = "ns", Uid = "uid", LogDirectory = Path.Combine(Dir, "logs") };

    public ContainerRequest Container(string sandbox, string name) => new() { SandboxId = sandbox, Name = name, Image = "busybox", Command = ["/bin/true"], LogPath = name + ".log" };

    /// <summary>The container exits as its shim would report it.</summary>
    public void Exit(string id, int code, int signal = 0) =>
        File.WriteAllText(Paths.ExitFile(id), $$"""{"exitCode":{{code}},"signal":{{signal}}}""");

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

internal sealed class FakeImages : IContainerImages
{
    public HashSet<string> Held { get; } = [];

    public Task<ContainerImage?> ResolveAsync(string nameOrId, CancellationToken cancellationToken) =>
        Task.FromResult(nameOrId == "busybox"
            ? new ContainerImage { Id = "sha256:" + new string('a', 64), Ref = "busybox@sha256:" + new string('b', 64), Config = new ContainerConfig { StopSignal = "SIGQUIT" }, LowerDirs = ["/layers/1"] }
            : null);

    public void Hold(string containerId, string imageId) => Held.Add(containerId);

    public void HoldVolume(string containerId, int index, string imageId) => Held.Add($"{containerId}.volume-{index}");

    public void Release(string containerId) => Held.RemoveWhere(h => h == containerId || h.StartsWith(containerId + ".volume-", StringComparison.Ordinal));
}

internal sealed class FakeMounter : IRootfsMounter
{
    public HashSet<string> Mounted { get; } = [];

    /// <summary>Shows the image's <c>/bin/true</c>, the command of <see cref="FakeHost.Container"/>, as the layers would.</summary>
    public void Mount(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target)
    {
        ShowImage(target);
        Mounted.Add(target);
    }

    public static void ShowImage(string target)
    {
        Directory.CreateDirectory(Path.Combine(target, "bin"));
        File.WriteAllText(Path.Combine(target, "bin", "true"), "");
    }

    /// <summary>Fills a read-only mount's directory, as the image's layers would.</summary>
    public Action<string> ReadOnlyContent { get; set; } = _ => { };

    public void MountReadOnly(IReadOnlyList<string> lowerDirs, string target)
    {
        Directory.CreateDirectory(target);
        ReadOnlyContent(target);
        Mounted.Add(target);
    }

    public bool Unmount(string target)
    {
        if (Mounted.Contains(target) && Directory.Exists(target))
        {
            // What a read-only mount showed goes with it; the mount point stays, empty.
            foreach (var entry in Directory.EnumerateDirectories(target))
            {
                Directory.Delete(entry, recursive: true);
            }
        }

        return Mounted.Remove(target);
    }

    public bool IsMounted(string target) => Mounted.Contains(target);
}

internal sealed class FakeShims : IShimHost
{
    public Exception? LaunchFailure { get; set; }

    public HashSet<string> Alive { get; } = [];

    /// <summary>The sockets of the shims launched, in order.</summary>
    public List<string> Launched { get; } = [];

    public Task<int> LaunchAsync(ShimRunOptions launch, CancellationToken cancellationToken)
    {
        if (LaunchFailure is not null)
        {
            throw LaunchFailure;
        }

        Launched.Add(launch.Socket);
        Alive.Add(launch.Socket);
        return Task.FromResult(4242);
    }

    public ContainerExit? ReadExit(string exitFile)
    {
        if (!File.Exists(exitFile))
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(exitFile));
        return new ContainerExit(json.RootElement.GetProperty("exitCode").GetInt32(), json.RootElement.GetProperty("signal").GetInt32(), DateTimeOffset.UtcNow, false, null);
    }

    public Task<bool> ReopenLogAsync(string socket, CancellationToken cancellationToken) => Task.FromResult(Alive.Contains(socket));

    public Task<bool> IsAliveAsync(string socket, CancellationToken cancellationToken) => Task.FromResult(Alive.Contains(socket));

    public Task WaitForShimExitAsync(string socket, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AttachAsync(string socket, CriRuntime.Core.Streaming.ProcessStreams streams, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class FakeRuntime(FakeHost host) : IOciRuntime
{
    /// <summary>Signals that make the fake container exit (with 128 + signal).</summary>
    public HashSet<int> Fatal { get; } = [9];

    public Dictionary<string, OciState> States { get; } = [];

    public string Handler => "runc";

    public string BinaryPath => "/usr/sbin/runc";

    public string RootDirectory => "/run/runc";

    public bool SystemdCgroup => false;

    public Task<OciState?> StateAsync(string id, CancellationToken cancellationToken) => Task.FromResult(States.GetValueOrDefault(id));

    public Task StartAsync(string id, CancellationToken cancellationToken)
    {
        host.Events.Add("start " + id[..8]);
        return Task.CompletedTask;
    }

    public Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken)
    {
        host.Events.Add($"kill {signal}");
        if (Fatal.Contains(signal) && File.Exists(Path.Combine(host.Paths.Bundle(id), "config.json")) && !File.Exists(host.Paths.ExitFile(id)))
        {
            host.Exit(id, 128 + signal, signal);
        }

        return Task.CompletedTask;
    }

    /// <summary>When set, <c>delete</c> finishes only when it completes.</summary>
    public Task? DeleteGate { get; set; }

    public Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        host.Events.Add("delete " + id[..8]);
        return DeleteGate ?? Task.CompletedTask;
    }

    public Task<ExecResult> ExecAsync(string id, OciProcess process, TimeSpan? timeout, int outputLimit, CancellationToken cancellationToken) =>
        Task.FromResult(new ExecResult(0, [], [], TimedOut: timeout < TimeSpan.FromSeconds(1)));

    public Task<int> ExecInteractiveAsync(string id, OciProcess process, CriRuntime.Core.Streaming.ProcessStreams streams, CancellationToken cancellationToken) =>
        Task.FromResult(0);

    /// <summary>The resources of the last <c>update</c>.</summary>
    public OciResources? Updated { get; private set; }

    public Task UpdateAsync(string id, OciResources resources, CancellationToken cancellationToken)
    {
        Updated = resources;
        return Task.CompletedTask;
    }

    public Task<string?> FeaturesAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

internal sealed class FakeRuntimes(IOciRuntime runtime) : IOciRuntimeProvider
{
    public string DefaultHandler => "runc";

    public IOciRuntime Get(string handler) => handler is "" or "runc" ? runtime : throw Errors.CriException.NotFound($"runtime handler \"{handler}\" is not configured");
}

internal sealed class FakeHandlerFeatures : IHandlerFeatures
{
    public HandlerFeatures Features { get; set; } = HandlerFeatures.None;

    public HandlerFeatures Get(string handler) => Features;
}

internal sealed class FakeHostSecurity : IHostSecurity
{
    public bool AppArmorEnabled { get; set; }

    public IReadOnlyList<string> BoundingCapabilities { get; set; } = SpecOpts.AllCapabilities;

    public int OomScoreAdj { get; set; }
}

internal sealed class FakeCgroups : ICgroupReader
{
    public CgroupCapabilities Capabilities { get; set; } = CgroupCapabilities.Everything;

    public CgroupUsage? ReadForProcess(int pid) => new(1, 2, 3, 4);

    public CgroupUsage? ReadForParent(string parent, bool systemd) => null;

    public void RemoveIfEmpty(string cgroupsPath, bool systemd)
    {
    }

    public bool WasOomKilled(string cgroupsPath, bool systemd) => false;

    public string ContainerPath(string parent, string id, bool systemd) => "/test/" + id;
}

internal sealed class FakeDevices : IDeviceResolver
{
    public DeviceNode? Resolve(string hostPath) => null;
}

internal sealed class FakeSandboxHost : ISandboxHost
{
    /// <summary>The node's files as this fake's node has them (the test machine's own).</summary>
    public Task<string> ReadNodeFileAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(path) ? File.ReadAllText(path) : "");

    public HashSet<string> Pinned { get; } = [];

    public HashSet<string> Mounted { get; } = [];

    public Task<IReadOnlyDictionary<string, string>> PinNamespacesAsync(string directory, bool network, bool ipc, bool uts, string? hostname, CancellationToken cancellationToken)
    {
        var pins = new Dictionary<string, string>();
        if (network)
        {
            pins[NamespaceTypes.Network] = Path.Combine(directory, "net");
        }

        if (ipc)
        {
            pins[NamespaceTypes.Ipc] = Path.Combine(directory, "ipc");
        }

        if (uts)
        {
            pins[NamespaceTypes.Uts] = Path.Combine(directory, "uts");
        }

        foreach (var pin in pins.Values)
        {
            File.WriteAllText(pin, "");
            Pinned.Add(pin);
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(pins);
    }

    public void UnpinNamespaces(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            Pinned.Remove(file);
            File.Delete(file);
        }
    }

    public void MountShm(string path, long sizeBytes) => Mounted.Add(path);

    public bool Unmount(string path) => Mounted.Remove(path);

    public bool IsMounted(string path) => Mounted.Contains(path) || Pinned.Contains(path);
}

internal sealed class FakeNetwork : IPodNetwork
{
    public Exception? SetUpFailure { get; set; }

    /// <summary>When set, what every set-up returns instead (e.g. a task that never ends: a daemon killed in CNI ADD).</summary>
    public Task<PodNetworkStatus>? SetUpPending { get; set; }

    public List<string> Calls { get; } = [];

    public Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken ct)
    {
        Calls.Add("add " + request.PodName);
        return SetUpPending ?? (SetUpFailure is null
            ? Task.FromResult(new PodNetworkStatus { Addresses = [System.Net.IPAddress.Parse("10.1.0.5")] })
            : Task.FromException<PodNetworkStatus>(SetUpFailure));
    }

    public Task TearDownAsync(PodNetworkRequest request, CancellationToken ct)
    {
        Calls.Add("del " + request.PodName);
        return Task.CompletedTask;
    }

    public Task<bool> CheckAsync(PodNetworkRequest request, CancellationToken ct) => Task.FromResult(true);

    public PodNetworkStatus? CachedStatus(string sandboxId) => null;

    public ConditionStatus Readiness() => ConditionStatus.Ok;
}

internal sealed class FakeUserNamespaceHost : IUserNamespaceHost
{
    public List<(string Target, string UserNamespace, uint RootUid, uint RootGid)> Overlays { get; } = [];

    public List<(string Source, string Target)> Idmapped { get; } = [];

    public List<(string Path, uint Uid, uint Gid)> Chowned { get; } = [];

    public List<(string Directory, int Pid)> Pins { get; } = [];

    public Exception? PinFailure { get; set; }

    public void MountOverlay(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target, string userNamespace, uint rootUid, uint rootGid)
    {
        FakeMounter.ShowImage(target);
        Overlays.Add((target, userNamespace, rootUid, rootGid));
    }

    public void MountIdmapped(string source, string target, string userNamespace)
    {
        Directory.CreateDirectory(target);
        Idmapped.Add((source, target));
    }

    public void Chown(string path, uint uid, uint gid) => Chowned.Add((path, uid, gid));

    public IReadOnlyDictionary<string, string> PinFromProcess(string directory, int pid, IReadOnlyList<string> types)
    {
        if (PinFailure is not null)
        {
            throw PinFailure;
        }

        Directory.CreateDirectory(directory);
        Pins.Add((directory, pid));
        var pins = types.ToDictionary(t => t, t => Path.Combine(directory, t), StringComparer.Ordinal);
        foreach (var file in pins.Values)
        {
            File.WriteAllText(file, "");
        }

        return pins;
    }

    public bool Unmount(string path) => false;
}
