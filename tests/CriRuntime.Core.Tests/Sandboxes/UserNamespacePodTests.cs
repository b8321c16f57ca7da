using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.Core.Tests.Containers;
using Xunit;

namespace CriRuntime.Core.Tests.Sandboxes;

/// <summary>Pods in user namespaces against recording fakes: the steps, the spec shape and the undo.</summary>
public sealed class UserNamespacePodTests : IDisposable
{
    private static readonly IdMapping Range = new(0, 300000, 65536);
    private static readonly UserNamespaceOptions Userns = new() { Mode = NamespaceMode.Pod, Uids = [Range], Gids = [Range] };
    private readonly FakeHost _host = new();

    public UserNamespacePodTests() =>
        _host.Features.Features = new HandlerFeatures { Probed = true, Namespaces = new HashSet<string> { "user" }, HostIdmapMounts = true };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_infra_creates_the_namespaces_the_sandbox_pins_them_from_its_pid_and_containers_join_them()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p") with { Hostname = "p", UserNamespace = Userns }, default);

        var record = _host.Sandboxes.Status(id);
        var nsDir = _host.Paths.NamespaceDir(id);
        Assert.Equal((nsDir, 4242), Assert.Single(_host.UserNamespaces.Pins));
        Assert.Equal(Path.Combine(nsDir, NamespaceTypes.User), record.PinnedNamespaces[NamespaceTypes.User]);
        Assert.Equal([NamespaceTypes.Ipc, NamespaceTypes.Network, NamespaceTypes.User, NamespaceTypes.Uts], record.PinnedNamespaces.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(_host.SandboxHost.Pinned);
        Assert.Equal(Userns, record.UserNamespace);
        foreach (var file in new[] { _host.Paths.Hosts(id), _host.Paths.ResolvConf(id), _host.Paths.HostnameFile(id), _host.Paths.ShmDir(id) })
        {
            Assert.Contains((file, 300000u, 300000u), _host.UserNamespaces.Chowned);
        }

        var infra = Spec(record.InfraContainerId!);
        Assert.Equal(["ipc", "mount", "network", "pid", "user", "uts"], Namespaces(infra).Select(n => n.Type).Order(StringComparer.Ordinal));
        Assert.All(Namespaces(infra), n => Assert.Null(n.Path));
        Assert.Equal("""[{"containerID":0,"hostID":300000,"size":65536}]""", infra.GetProperty("linux").GetProperty("uidMappings").GetRawText());
        Assert.Equal("p", infra.GetProperty("hostname").GetString());

        var volume = new MountRequest { ContainerPath = "/vol", HostPath = _host.Dir, UidMappings = [Range], GidMappings = [Range] };
        var container = await _host.Containers.CreateAsync(_host.Container(id, "c") with { Mounts = [volume] }, default);

        var spec = Spec(container);
        var joined = Namespaces(spec).ToDictionary(n => n.Type, n => n.Path);
        Assert.Equal(record.PinnedNamespaces[NamespaceTypes.User], joined["user"]);
        Assert.Equal(record.PinnedNamespaces[NamespaceTypes.Network], joined["network"]);
        Assert.Equal("""[{"containerID":0,"hostID":300000,"size":65536}]""", spec.GetProperty("linux").GetProperty("gidMappings").GetRawText());
        Assert.Equal((_host.Paths.Rootfs(container), record.PinnedNamespaces[NamespaceTypes.User], 300000u, 300000u), Assert.Single(_host.UserNamespaces.Overlays));
        Assert.Empty(_host.Mounter.Mounted);
        var idmapped = Path.Combine(_host.Paths.IdmapDir(container), "0");
        Assert.Equal((_host.Dir, idmapped), Assert.Single(_host.UserNamespaces.Idmapped));
        var vol = spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/vol");
        Assert.Equal(idmapped, vol.GetProperty("source").GetString());
        Assert.Equal(_host.Dir, _host.Containers.Get(container).Mounts.Single().HostPath);

        await _host.Containers.RemoveAsync(container, default);
        await _host.Containers.RemovalsOf(id);
        Assert.False(Directory.Exists(_host.Paths.IdmapDir(container)));
    }

    [Fact]
    public async Task The_user_namespace_survives_a_restart_in_the_sandbox_record()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p") with { UserNamespace = Userns }, default);

        var reloaded = new ObjectStore<SandboxRecord>(_host.Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, _host.Files, _host.Time)
            .Load().Single(e => e.Record.Id == id).Record;

        Assert.Equal(NamespaceMode.Pod, reloaded.UserNamespace!.Mode);
        Assert.Equal([Range], reloaded.UserNamespace.Uids);
        Assert.Equal([Range], reloaded.UserNamespace.Gids);
        Assert.Equal(300000u, reloaded.UserNamespace.RootUid);
        Assert.Equal(_host.Sandboxes.Status(id).PinnedNamespaces[NamespaceTypes.User], reloaded.PinnedNamespaces[NamespaceTypes.User]);
    }

    [Fact]
    public async Task A_failed_pin_removes_the_infra_and_leaves_nothing_behind()
    {
        _host.UserNamespaces.PinFailure = new IOException("mount: permission denied");

        await Assert.ThrowsAsync<IOException>(() => _host.Sandboxes.RunAsync(_host.Sandbox("p") with { UserNamespace = Userns }, default));

        Assert.Empty(_host.SandboxStore.List());
        Assert.Empty(_host.ContainerStore.List());
        Assert.Empty(Directory.GetDirectories(Path.Combine(_host.Config.State, "sandboxes")));
        Assert.Empty(_host.Network.Calls);
    }

    [Fact]
    public async Task A_pod_in_the_hosts_user_namespace_cannot_mount_volumes_id_mapped()
    {
        var id = await _host.Sandboxes.RunAsync(_host.Sandbox("p") with { UserNamespace = new UserNamespaceOptions { Mode = NamespaceMode.Node } }, default);
        var volume = new MountRequest { ContainerPath = "/vol", HostPath = _host.Dir, UidMappings = [Range], GidMappings = [Range] };

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(id, "c") with { Mounts = [volume] }, default));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Null(_host.Sandboxes.Status(id).InfraContainerId);
        Assert.Empty(_host.UserNamespaces.Idmapped);
    }

    private JsonElement Spec(string containerId) => JsonDocument.Parse(_host.Containers.ReadSpecJson(containerId)!).RootElement;

    private static IEnumerable<(string Type, string? Path)> Namespaces(JsonElement spec) =>
        spec.GetProperty("linux").GetProperty("namespaces").EnumerateArray()
            .Select(n => (n.GetProperty("type").GetString()!, n.TryGetProperty("path", out var p) ? p.GetString() : null));
}
