using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using Xunit;

namespace CriRuntime.Core.Tests.Containers;

public sealed class ContainerManagerTests : IDisposable
{
    private readonly FakeHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Create_runs_no_OCI_runtime_and_start_launches_the_shim_then_starts_it()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);

        Assert.Empty(_host.Shims.Launched);
        Assert.Equal((ContainerState.Created, 0), (_host.Containers.Status(id).State, _host.Containers.Status(id).Pid));

        await _host.Containers.StartAsync(id, default);

        Assert.Equal([_host.Paths.ShimSocket(id)], _host.Shims.Launched);
        Assert.Contains("start " + id[..8], _host.Events);
        Assert.Equal((ContainerState.Running, 4242), (_host.Containers.Status(id).State, _host.Containers.Status(id).Pid));
    }

    [Fact]
    public async Task A_shim_that_fails_at_start_is_a_StartError_exit_and_removal_leaves_no_mount_hold_directory_record_or_name()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        _host.Shims.LaunchFailure = new OciRuntimeException("runc create failed: boom");

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.StartAsync(id, default));

        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        var status = _host.Containers.Status(id);
        Assert.Equal((ContainerState.Exited, 128, "StartError"), Summary(status));
        Assert.Contains("boom", status.Message, StringComparison.Ordinal);
        Assert.Contains(_host.Events, e => e.StartsWith("delete ", StringComparison.Ordinal));

        await _host.Containers.RemoveAsync(id, default);
        await _host.Containers.RemovalsOf(pod);
        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Images.Held);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_host.Config.State, "containers")));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_host.Config.Root, "containers")));
        Assert.Empty(_host.Containers.List(new ContainerFilter()));
        _host.Shims.LaunchFailure = null;
        Assert.NotEmpty(await _host.Containers.CreateAsync(_host.Container(pod, "c"), default));
    }

    [Fact]
    public async Task A_command_missing_from_the_root_filesystem_is_NotFound_at_create_and_one_a_mount_provides_is_left_to_the_runtime()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);

        var missing = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(pod, "a") with { Command = ["/no/such/binary"] }, default));
        var notInPath = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(pod, "b") with { Command = ["nosuch"] }, default));

        Assert.Equal((ErrorKind.NotFound, ErrorKind.NotFound), (missing.Kind, notInPath.Kind));
        Assert.Contains("/no/such/binary", missing.Message, StringComparison.Ordinal);
        Assert.Contains("\"nosuch\" not found in $PATH", notInPath.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Containers.List(new ContainerFilter()));
        // Found through PATH, and through a mount of the host that provides it.
        Assert.NotEmpty(await _host.Containers.CreateAsync(_host.Container(pod, "c") with { Command = ["true"] }, default));
        var tools = new MountRequest { ContainerPath = "/opt/tools", HostPath = _host.Dir };
        Assert.NotEmpty(await _host.Containers.CreateAsync(_host.Container(pod, "d") with { Command = ["/opt/tools/run"], Mounts = [tools] }, default));
    }

    [Fact]
    public async Task A_created_container_stays_created_through_stop_restart_and_limits_and_its_removal_asks_nothing_of_the_runtime()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(1), default);
        await _host.Containers.UpdateResourcesAsync(id, new ResourceLimits { MemoryLimitInBytes = 32 << 20 }, default);

        using var restarted = new FakeHostView(_host);
        await restarted.Containers.RecoverAsync(default);

        Assert.Equal(ContainerState.Created, restarted.Containers.Status(id).State);
        var spec = System.Text.Json.JsonDocument.Parse(restarted.Containers.ReadSpecJson(id)!).RootElement;
        Assert.Equal(32L << 20, spec.GetProperty("linux").GetProperty("resources").GetProperty("memory").GetProperty("limit").GetInt64());
        Assert.Null(_host.Runtime.Updated);
        await restarted.Containers.RemoveAsync(id, default);
        await restarted.Containers.RemovalsOf(pod);
        Assert.DoesNotContain(_host.Events, e => e.StartsWith("kill", StringComparison.Ordinal) || e == "delete " + id[..8]);
        Assert.False(Directory.Exists(_host.Paths.WritableLayer(id)));
    }

    [Fact]
    public async Task A_start_cut_off_before_the_record_had_the_PID_is_undone_at_recovery_and_the_container_stays_created()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        // The daemon died in StartContainer once the shim had created the container, before the record had its PID.
        File.WriteAllText(_host.Paths.PidFile(id), "4242");
        File.WriteAllText(_host.Paths.ShimSocket(id), "");

        using var restarted = new FakeHostView(_host);
        await restarted.Containers.RecoverAsync(default);

        Assert.Contains("delete " + id[..8], _host.Events);
        Assert.False(File.Exists(_host.Paths.PidFile(id)));
        Assert.False(File.Exists(_host.Paths.ShimSocket(id)));
        Assert.Equal(ContainerState.Created, restarted.Containers.Status(id).State);
    }

    [Fact]
    public async Task Remove_replies_before_the_runtimes_delete_and_the_sandboxs_removal_waits_for_it()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        await _host.Containers.StartAsync(id, default);
        var gate = new TaskCompletionSource();
        _host.Runtime.DeleteGate = gate.Task;

        await _host.Containers.RemoveAsync(id, default);

        Assert.Empty(_host.Containers.List(new ContainerFilter()));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<CriException>(() => _host.Containers.Status(id)).Kind);
        Assert.True(Directory.Exists(_host.Paths.WritableLayer(id)));
        var podRemoval = _host.Sandboxes.RemoveAsync(pod, default);
        Assert.False(podRemoval.IsCompleted);

        gate.SetResult();
        await podRemoval;

        Assert.False(Directory.Exists(_host.Paths.WritableLayer(id)));
        Assert.False(Directory.Exists(_host.Paths.Bundle(id)));
        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Images.Held);
    }

    [Fact]
    public async Task An_rro_mount_is_refused_on_a_handler_without_rro_and_becomes_rro_on_one_with_it()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var request = _host.Container(pod, "c") with
        {
            Mounts = [new MountRequest { ContainerPath = "/mnt", HostPath = _host.Dir, ReadOnly = true, RecursiveReadOnly = true }],
        };

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(request, default));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(_host.Mounter.Mounted);

        _host.Features.Features = new Core.Runtime.HandlerFeatures { Probed = true, RecursiveReadOnlyMounts = true };
        var id = await _host.Containers.CreateAsync(request, default);
        var spec = System.Text.Json.JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement;
        var mount = spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/mnt");
        Assert.Contains("rro", mount.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task A_localhost_apparmor_profile_is_refused_without_apparmor_and_set_in_the_spec_with_it()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var request = _host.Container(pod, "c") with { AppArmorProfile = "k8s-deny-write" };

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(request, default));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("AppArmor is not enabled", error.Message, StringComparison.Ordinal);

        _host.Security.AppArmorEnabled = true;
        var id = await _host.Containers.CreateAsync(request, default);
        var spec = System.Text.Json.JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement;
        Assert.Equal("k8s-deny-write", spec.GetProperty("process").GetProperty("apparmorProfile").GetString());
    }

    [Fact]
    public async Task The_spec_carries_the_sandbox_namespaces_files_and_the_image_stop_signal()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);

        var spec = System.Text.Json.JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement;
        var namespaces = spec.GetProperty("linux").GetProperty("namespaces").EnumerateArray().ToDictionary(n => n.GetProperty("type").GetString()!, n => n.TryGetProperty("path", out var p) ? p.GetString() : null);
        Assert.EndsWith("/ns/net", namespaces["network"], StringComparison.Ordinal);
        Assert.EndsWith("/ns/ipc", namespaces["ipc"], StringComparison.Ordinal);
        Assert.Null(namespaces["pid"]);
        var mounts = spec.GetProperty("mounts").EnumerateArray().ToDictionary(m => m.GetProperty("destination").GetString()!, m => m.GetProperty("source").GetString());
        Assert.EndsWith("/resolv.conf", mounts["/etc/resolv.conf"], StringComparison.Ordinal);
        Assert.EndsWith("/shm", mounts["/dev/shm"], StringComparison.Ordinal);
        Assert.Equal("/test/" + id, spec.GetProperty("linux").GetProperty("cgroupsPath").GetString());
        Assert.Equal("SIGQUIT", _host.Containers.Status(id).StopSignal);
    }

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public async Task A_cgroup_namespace_only_on_cgroup_v2_hosts_and_never_for_privileged_containers(bool unified, bool privileged, bool expected)
    {
        _host.Cgroups.Capabilities = CgroupCapabilities.Everything with { Version = unified ? 2 : 1 };
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c") with { Privileged = privileged }, default);

        var spec = System.Text.Json.JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement;
        var types = spec.GetProperty("linux").GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("type").GetString());
        Assert.Equal(expected, types.Contains("cgroup"));
    }

    [Fact]
    public async Task Stop_sends_the_stop_signal_then_sigkill_at_the_deadline_and_is_idempotent()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        await _host.Containers.StartAsync(id, default);
        Assert.Equal(ContainerState.Running, _host.Containers.Status(id).State);

        // The wait backs off on the injected clock: however long it really takes, no SIGKILL before 30 s have passed on it.
        var stopping = _host.Containers.StopAsync(id, TimeSpan.FromSeconds(30), default);
        for (var second = 0; second < 29; second++)
        {
            _host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.False(stopping.IsCompleted);
        Assert.Equal(["kill 3"], _host.Events.Where(e => e.StartsWith("kill", StringComparison.Ordinal)));
        for (var second = 0; !stopping.IsCompleted && second < 600; second++)
        {
            _host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        await stopping;
        await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(30), default);

        Assert.Equal(["kill 3", "kill 9"], _host.Events.Where(e => e.StartsWith("kill", StringComparison.Ordinal)));
        var status = _host.Containers.Status(id);
        Assert.Equal((ContainerState.Exited, 137, "Error"), (status.State, status.ExitCode, status.Reason));
    }

    [Fact]
    public async Task Exit_files_decide_state_code_and_reason()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var ok = await _host.Containers.CreateAsync(_host.Container(pod, "ok"), default);
        var bad = await _host.Containers.CreateAsync(_host.Container(pod, "bad"), default);
        await _host.Containers.StartAsync(ok, default);
        await _host.Containers.StartAsync(bad, default);

        _host.Exit(ok, 0);
        _host.Exit(bad, 2);

        Assert.Equal((ContainerState.Exited, 0, "Completed"), Summary(_host.Containers.Status(ok)));
        Assert.Equal((ContainerState.Exited, 2, "Error"), Summary(_host.Containers.Status(bad)));
        Assert.Equal(2, _host.Containers.List(new ContainerFilter { State = ContainerState.Exited }).Count);
        var startAgain = await Assert.ThrowsAsync<CriException>(() => _host.Containers.StartAsync(ok, default));
        Assert.Equal(ErrorKind.FailedPrecondition, startAgain.Kind);
    }

    [Fact]
    public async Task Recovery_reports_exits_and_marks_containers_whose_shim_and_runtime_state_are_gone()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var exited = await _host.Containers.CreateAsync(_host.Container(pod, "exited"), default);
        var lost = await _host.Containers.CreateAsync(_host.Container(pod, "lost"), default);
        var alive = await _host.Containers.CreateAsync(_host.Container(pod, "alive"), default);
        foreach (var id in new[] { exited, lost, alive })
        {
            await _host.Containers.StartAsync(id, default);
        }

        _host.Exit(exited, 4);
        _host.Shims.Alive.Remove(_host.Paths.ShimSocket(lost));
        using var restarted = new FakeHostView(_host);
        await restarted.Containers.RecoverAsync(default);

        Assert.Equal((ContainerState.Exited, 4, "Error"), Summary(restarted.Containers.Status(exited)));
        Assert.Equal((ContainerState.Exited, 137, "Error"), Summary(restarted.Containers.Status(lost)));
        Assert.Equal(ContainerState.Running, restarted.Containers.Status(alive).State);
    }

    [Fact]
    public async Task Recovery_removes_what_a_create_cut_off_before_its_record_left_and_keeps_recorded_containers()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var kept = await _host.Containers.CreateAsync(_host.Container(pod, "kept"), default);
        // The daemon died in CreateContainer after mounting the root filesystem, before writing the record.
        const string orphan = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Directory.CreateDirectory(_host.Paths.Rootfs(orphan));
        Directory.CreateDirectory(_host.Paths.UpperDir(orphan));
        _host.Mounter.Mounted.Add(_host.Paths.Rootfs(orphan));

        using var restarted = new FakeHostView(_host);
        await restarted.Containers.RecoverAsync(default);

        Assert.False(Directory.Exists(_host.Paths.Bundle(orphan)));
        Assert.False(Directory.Exists(_host.Paths.WritableLayer(orphan)));
        Assert.DoesNotContain(_host.Paths.Rootfs(orphan), _host.Mounter.Mounted);
        Assert.Contains(_host.Paths.Rootfs(kept), _host.Mounter.Mounted);
        Assert.True(Directory.Exists(_host.Paths.Bundle(kept)));
        Assert.Equal(ContainerState.Created, restarted.Containers.Status(kept).State);
    }

    [Fact]
    public async Task Remove_is_idempotent_and_cleans_everything()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        await _host.Containers.StartAsync(id, default);

        await _host.Containers.RemoveAsync(id, default);
        await _host.Containers.RemoveAsync(id, default);
        await _host.Containers.RemovalsOf(pod);

        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Images.Held);
        Assert.False(Directory.Exists(_host.Paths.Bundle(id)));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<CriException>(() => _host.Containers.Status(id)).Kind);
        // Stop of a removed container succeeds: kubelet repeats stops, as critest's idempotence specs check.
        await _host.Containers.StopAsync(id, TimeSpan.Zero, default);
    }

    [Fact]
    public async Task ExecSync_timeouts_are_DeadlineExceeded_and_created_containers_refuse_exec()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c"), default);
        Assert.Equal(ErrorKind.FailedPrecondition, (await Assert.ThrowsAsync<CriException>(() => _host.Containers.ExecSyncAsync(id, ["ls"], null, default))).Kind);
        await _host.Containers.StartAsync(id, default);

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.ExecSyncAsync(id, ["sleep", "9"], TimeSpan.FromMilliseconds(10), default));

        Assert.Equal(ErrorKind.DeadlineExceeded, error.Kind);
    }

    [Fact]
    public async Task Limits_the_host_cannot_enforce_are_left_out_of_create_and_update_and_bad_ones_refused()
    {
        _host.Cgroups.Capabilities = new Core.Spec.CgroupCapabilities
        {
            Version = 1,
            Controllers = new HashSet<string>(["cpu", "memory"], StringComparer.Ordinal),
            HugepageSizes = ["2MB"],
        };
        var limits = new Core.Spec.ResourceLimits
        {
            MemoryLimitInBytes = 64 << 20,
            MemorySwapLimitInBytes = 64 << 20,
            HugepageLimits = new Dictionary<string, ulong> { ["2MB"] = 0 },
            Unified = new Dictionary<string, string> { ["memory.oom.group"] = "1" },
        };
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);

        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c") with { Resources = limits }, default);
        await _host.Containers.StartAsync(id, default);

        var resources = System.Text.Json.JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement.GetProperty("linux").GetProperty("resources");
        Assert.False(resources.TryGetProperty("hugepageLimits", out _));
        Assert.False(resources.TryGetProperty("unified", out _));
        Assert.Equal(64L << 20, resources.GetProperty("memory").GetProperty("limit").GetInt64());
        Assert.False(resources.GetProperty("memory").TryGetProperty("swap", out _));

        await _host.Containers.UpdateResourcesAsync(id, limits with { MemoryLimitInBytes = 32 << 20 }, default);
        Assert.Null(_host.Runtime.Updated!.HugepageLimits);
        Assert.Equal(32L << 20, _host.Runtime.Updated.Memory!.Limit);

        var refused = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(pod, "d") with { Resources = limits with { CpuQuota = 5 } }, default));
        Assert.Equal(ErrorKind.InvalidArgument, refused.Kind);
        Assert.Contains("cpu_quota", refused.Message, StringComparison.Ordinal);
    }

    private static (ContainerState, int, string) Summary(ContainerRecord r) => (r.State, r.ExitCode, r.Reason);

    /// <summary>New stores and managers over the fake host's directories: a restarted daemon.</summary>
    private sealed class FakeHostView : IDisposable
    {
        public FakeHostView(FakeHost host)
        {
            var containers = new ObjectStore<ContainerRecord>(host.Paths.ContainerMetadata, ContainerJsonContext.Default.ContainerRecord, r => r.Id, r => r.FullName, host.Files, host.Time);
            var sandboxes = new ObjectStore<SandboxRecord>(host.Paths.SandboxMetadata, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, host.Files, host.Time);
            sandboxes.Load();
            Containers = new ContainerManager(containers, sandboxes, host.Images, host.Mounter, host.Shims, new FakeRuntimes(host.Runtime), new FakeCgroups(), new FakeDevices(), host.Features, host.Security, host.Paths, host.Config, Microsoft.Extensions.Logging.Abstractions.NullLogger<ContainerManager>.Instance, host.Files, host.Time, host.EventHub, host.UserNamespaces);
        }

        public ContainerManager Containers { get; }

        public void Dispose()
        {
        }
    }
}
