using CriRuntime.Core.Containers;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Namespaces;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Restart recovery, shared PID namespaces, stats, and what create/remove cycles leave behind (root only).</summary>
public sealed class RecoveryAndCleanupTests : IAsyncLifetime
{
    private readonly PodHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task After_a_restart_running_containers_keep_running_and_exited_ones_report_their_code()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("recover"), default);
        var runner = await _host.Containers.CreateAsync(_host.Container(pod, "runner", "/bin/sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"), default);
        var quitter = await _host.Containers.CreateAsync(_host.Container(pod, "quitter", "/bin/sh", "-c", "read x < /dev/null; sleep 1; exit 7"), default);
        await _host.Containers.StartAsync(runner, default);
        await _host.Containers.StartAsync(quitter, default);
        var log = _host.Containers.Status(runner).LogPath;
        await ContainerLifecycleTests.WaitForLogAsync(log, "tick 1");

        // A new set of managers over the same state: what the daemon sees after kill -9 and a restart.
        await _host.ReopenAsync();
        await Task.Delay(1500);

        Assert.Equal(SandboxState.Ready, _host.Sandboxes.Status(pod).State);
        Assert.Equal(ContainerState.Running, _host.Containers.Status(runner).State);
        var exited = _host.Containers.Status(quitter);
        Assert.Equal(ContainerState.Exited, exited.State);
        Assert.Equal(7, exited.ExitCode);
        var lines = (await File.ReadAllLinesAsync(log)).Length;
        await Task.Delay(600);
        Assert.True((await File.ReadAllLinesAsync(log)).Length > lines, "the container keeps logging");

        await _host.Containers.StopAsync(runner, TimeSpan.FromSeconds(5), default);
        Assert.Equal(ContainerState.Exited, _host.Containers.Status(runner).State);
        await _host.Sandboxes.RemoveAsync(pod, default);
    }

    [Fact]
    public async Task Containers_of_a_pod_sharing_its_pid_namespace_see_each_other()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("sharedpid", NamespaceMode.Pod), default);
        var sandbox = _host.Sandboxes.Status(pod);
        Assert.True(sandbox.InfraPid > 0);
        Assert.Empty(_host.Containers.List(new ContainerFilter { SandboxId = pod }));

        var a = await _host.Containers.CreateAsync(_host.Container(pod, "a", "/bin/sleep", "3600"), default);
        await _host.Containers.StartAsync(a, default);
        var ps = await _host.Containers.ExecSyncAsync(a, ["/bin/ps", "-o", "pid,args"], TimeSpan.FromSeconds(10), default);
        var text = System.Text.Encoding.UTF8.GetString(ps.Stdout);
        Assert.Contains("pause", text, StringComparison.Ordinal);
        Assert.Contains("sleep 3600", text, StringComparison.Ordinal);

        await _host.Sandboxes.StopAsync(pod, default);
        Assert.Equal(ContainerState.Exited, _host.Containers.Status(a).State);
        await _host.Sandboxes.RemoveAsync(pod, default);
        Assert.Empty(MountTable.Under(_host.Dir));
    }

    [Fact]
    public async Task Stats_report_cpu_memory_and_the_writable_layer()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("stats"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "writer", "/bin/sh", "-c", "head -c 100000 /dev/zero > /big; echo done; sleep 3600"), default);
        await _host.Containers.StartAsync(id, default);
        await ContainerLifecycleTests.WaitForLogAsync(_host.Containers.Status(id).LogPath, "done");

        // The writable layer is walked in the background (a stats call never waits for a walk): poll for it.
        var stats = _host.Containers.Stats(id);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); stats.WritableBytes < 100000 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(200);
            stats = _host.Containers.Stats(id);
        }

        Assert.NotNull(stats.Cgroup);
        Assert.True(stats.Cgroup.CpuUsageNanos > 0);
        Assert.True(stats.Cgroup.MemoryWorkingSetBytes > 0);
        Assert.True(stats.WritableBytes >= 100000, $"writable layer {stats.WritableBytes} bytes");
        Assert.Contains(_host.Containers.ListStats(new ContainerFilter { SandboxId = pod }), s => s.Container.Id == id);
        await _host.Sandboxes.RemoveAsync(pod, default);
    }

    [Fact]
    public async Task Create_remove_cycles_leave_no_mounts_cgroups_namespaces_shims_or_directories()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("CRIRUNTIME_CYCLES"), out var n) ? n : 20;
        var ids = new List<string>();
        for (var i = 0; i < cycles; i++)
        {
            var pod = await _host.Sandboxes.RunAsync(_host.Sandbox($"cycle{i}"), default);
            var id = await _host.Containers.CreateAsync(_host.Container(pod, "c", "/bin/sh", "-c", "echo hi; sleep 3600"), default);
            ids.Add(pod);
            ids.Add(id);
            await _host.Containers.StartAsync(id, default);
            if (i % 2 == 0)
            {
                await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(2), default);
                await _host.Containers.RemoveAsync(id, default);
            }

            await _host.Sandboxes.RemoveAsync(pod, default);
        }

        Assert.Empty(MountTable.Under(_host.Dir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_host.Config.State, "sandboxes")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_host.Config.State, "containers")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_host.Config.Root, "containers")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_host.Paths.SandboxMetadata));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_host.Paths.ContainerMetadata));
        Assert.Empty(Directory.Exists(Path.Combine(_host.Config.State, "s")) ? Directory.EnumerateFileSystemEntries(Path.Combine(_host.Config.State, "s")) : []);
        var cgroupLeftovers = Directory.EnumerateDirectories("/sys/fs/cgroup")
            .Select(h => Path.Combine(h, _host.OwnCgroupParent.TrimStart('/')))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => ids.Contains(Path.GetFileName(d)))
            .ToList();
        Assert.Empty(cgroupLeftovers);
        var shims = Directory.EnumerateDirectories("/proc")
            .Select(p => Path.Combine(p, "cmdline"))
            .Where(File.Exists)
            .Select(f =>
            {
                try
                {
                    return File.ReadAllText(f);
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .Where(c => c.Contains(_host.Dir, StringComparison.Ordinal))
            .ToList();
        Assert.Empty(shims);
    }
}
