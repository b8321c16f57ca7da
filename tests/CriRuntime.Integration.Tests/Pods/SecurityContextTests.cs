using System.Text;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Integration.Tests.Networking;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Recursive read-only mounts and supplementary groups, checked from inside containers (root only).</summary>
public sealed class SecurityContextTests : IAsyncLifetime
{
    private readonly PodHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_recursive_read_only_mount_makes_its_submounts_read_only_and_a_plain_one_does_not()
    {
        Assert.True(_host.Features.Get("").RecursiveReadOnlyMounts, "runc here takes rro (runc 1.1+, Linux 5.12+)");
        var volume = Path.Combine(_host.Dir, "volume");
        var submount = Path.Combine(volume, "tmpfs");
        Directory.CreateDirectory(submount);
        await HostCommand.CheckAsync("mount", "-t", "tmpfs", "-o", "size=1m", "none", submount);
        try
        {
            var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("rro"), default);
            var script = "touch /mnt/tmpfs/file 2>&1; grep ' /mnt/tmpfs ' /proc/self/mountinfo | cut -d' ' -f5,6";
            var rro = await RunAsync(pod, "rro", script, new MountRequest { ContainerPath = "/mnt", HostPath = volume, ReadOnly = true, RecursiveReadOnly = true });
            var plain = await RunAsync(pod, "ro", script, new MountRequest { ContainerPath = "/mnt", HostPath = volume, ReadOnly = true });

            Assert.Contains("Read-only file system", rro, StringComparison.Ordinal);
            Assert.Contains("/mnt/tmpfs ro,", rro, StringComparison.Ordinal);
            Assert.DoesNotContain("Read-only file system", plain, StringComparison.Ordinal);
            Assert.Contains("/mnt/tmpfs rw,", plain, StringComparison.Ordinal);
        }
        finally
        {
            await HostCommand.RunAsync("umount", "-l", submount);
        }
    }

    [Fact]
    public async Task A_recursive_read_only_mount_that_is_not_private_is_refused_before_anything_is_made()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("rro-slave"), default);
        var request = _host.Container(pod, "slave", "/bin/true") with
        {
            Mounts = [new MountRequest { ContainerPath = "/mnt", HostPath = _host.Dir, ReadOnly = true, RecursiveReadOnly = true, Propagation = MountPropagation.HostToContainer }],
        };

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(request, default));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(_host.Containers.List(new ContainerFilter()));
    }

    [Theory]
    [InlineData(SupplementalGroupsPolicy.Merge, "1000 1234 50000")]
    [InlineData(SupplementalGroupsPolicy.Strict, "1000 1234")]
    public async Task Id_shows_the_primary_group_the_requested_ones_and_with_Merge_the_images(SupplementalGroupsPolicy policy, string groups)
    {
        var image = await _host.PushAndPullAsync("pods/groups", new ImageBuilder()
            .Layer(BusyboxLayer.Create().Build())
            .Layer(new LayerBuilder()
                .File("etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndefault-user:x:1000:1000::/:/bin/sh\n")
                .File("etc/group", "root:x:0:\ndefault-user:x:1000:\ngroup-defined-in-image:x:50000:default-user\n")
                .Build()));
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("groups-" + policy.ToString().ToLowerInvariant()), default);
        var id = await _host.Containers.CreateAsync(
            _host.Container(pod, "id", "/bin/sh", "-c", "id; sleep 3600") with
            {
                Image = image,
                User = new UserRequest { RunAsUser = 1000, SupplementalGroups = [1234], SupplementalGroupsPolicy = policy },
            },
            default);
        await _host.Containers.StartAsync(id, default);

        var exec = await _host.Containers.ExecSyncAsync(id, ["id", "-G"], TimeSpan.FromSeconds(20), default);
        var status = _host.Containers.Status(id);

        Assert.Equal(groups + "\n", Encoding.UTF8.GetString(exec.Stdout));
        Assert.Equal((1000u, 1000u), (status.User!.Uid, status.User.Gid));
        Assert.Equal(groups, string.Join(' ', status.User.AdditionalGids.Order()));
        Assert.Contains("uid=1000(default-user) gid=1000(default-user)", await File.ReadAllTextAsync(status.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_numeric_user_without_a_passwd_entry_still_has_its_primary_group_among_its_groups()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("numeric"), default);
        var id = await _host.Containers.CreateAsync(
            _host.Container(pod, "id", "/bin/sleep", "3600") with { User = new UserRequest { RunAsUser = 4000, RunAsGroup = 4000 } },
            default);
        await _host.Containers.StartAsync(id, default);

        var exec = await _host.Containers.ExecSyncAsync(id, ["id"], TimeSpan.FromSeconds(20), default);

        Assert.Equal("uid=4000 gid=4000 groups=4000\n", Encoding.UTF8.GetString(exec.Stdout));
    }

    private async Task<string> RunAsync(string pod, string name, string script, MountRequest mount)
    {
        var id = await _host.Containers.CreateAsync(_host.Container(pod, name, "/bin/sh", "-c", script) with { Mounts = [mount] }, default);
        await _host.Containers.StartAsync(id, default);
        for (var i = 0; i < 300 && _host.Containers.Status(id).State != ContainerState.Exited; i++)
        {
            await Task.Delay(50);
        }

        var status = _host.Containers.Status(id);
        Assert.Equal(ContainerState.Exited, status.State);
        return string.Join('\n', (await File.ReadAllLinesAsync(status.LogPath)).Select(l => l.Split(' ', 4)[3]));
    }
}
