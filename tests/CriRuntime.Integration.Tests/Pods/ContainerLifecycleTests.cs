using System.Text.RegularExpressions;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Linux.Namespaces;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Sandboxes and containers end to end with runc, the shim and overlayfs (root only).</summary>
public sealed partial class ContainerLifecycleTests : IAsyncLifetime
{
    private readonly PodHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Echo_runs_to_completion_and_logs_in_cri_format()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("echo"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "echo", "/bin/sh", "-c", "echo hello; echo oops >&2"), default);
        Assert.Equal(ContainerState.Created, _host.Containers.Status(id).State);

        await _host.Containers.StartAsync(id, default);
        var status = await WaitExitedAsync(id);

        Assert.Equal(0, status.ExitCode);
        Assert.Equal("Completed", status.Reason);
        Assert.True(status.StartedAt > 0 && status.FinishedAt >= status.StartedAt);
        var log = await File.ReadAllLinesAsync(status.LogPath);
        Assert.Contains(log, l => CriLine().Match(l) is { Success: true } m && m.Groups[1].Value == "stdout" && m.Groups[2].Value == "hello");
        Assert.Contains(log, l => CriLine().Match(l) is { Success: true } m && m.Groups[1].Value == "stderr" && m.Groups[2].Value == "oops");

        await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(1), default);
        await _host.Containers.RemoveAsync(id, default);
        await _host.Containers.RemoveAsync(id, default);
        await _host.Sandboxes.StopAsync(pod, default);
        await _host.Sandboxes.StopAsync(pod, default);
        await _host.Sandboxes.RemoveAsync(pod, default);
        await _host.Sandboxes.RemoveAsync(pod, default);
        Assert.Empty(MountTable.Under(_host.Dir));
        Assert.Throws<CriException>(() => _host.Containers.Status(id));
    }

    [Fact]
    public async Task Exit_code_and_reason_are_reported()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("exit"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "fail", "/bin/sh", "-c", "exit 3"), default);
        await _host.Containers.StartAsync(id, default);

        var status = await WaitExitedAsync(id);

        Assert.Equal(3, status.ExitCode);
        Assert.Equal("Error", status.Reason);
    }

    [Fact]
    public async Task Stop_kills_a_container_that_ignores_sigterm_at_the_deadline()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("stubborn"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "stubborn", "/bin/sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done"), default);
        await _host.Containers.StartAsync(id, default);
        await WaitForLogAsync(_host.Containers.Status(id).LogPath, "ready");

        var started = DateTime.UtcNow;
        await _host.Containers.StopAsync(id, TimeSpan.FromSeconds(2), default);
        var elapsed = DateTime.UtcNow - started;

        var status = _host.Containers.Status(id);
        Assert.Equal(ContainerState.Exited, status.State);
        Assert.Equal(137, status.ExitCode);
        Assert.InRange(elapsed.TotalSeconds, 1.9, 10);
    }

    [Fact]
    public async Task ExecSync_returns_output_and_exit_code_and_times_out()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("exec"), default);
        var id = await _host.Containers.CreateAsync(_host.Container(pod, "sleeper", "/bin/sleep", "3600"), default);
        await _host.Containers.StartAsync(id, default);

        var result = await _host.Containers.ExecSyncAsync(id, ["/bin/sh", "-c", "echo out; echo err >&2; hostname; exit 5"], TimeSpan.FromSeconds(10), default);
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("out\nexec\n", System.Text.Encoding.UTF8.GetString(result.Stdout));
        Assert.Equal("err\n", System.Text.Encoding.UTF8.GetString(result.Stderr));

        var started = DateTime.UtcNow;
        var timeout = await Assert.ThrowsAsync<CriException>(() => _host.Containers.ExecSyncAsync(id, ["/bin/sleep", "60"], TimeSpan.FromSeconds(1), default));
        Assert.Equal(ErrorKind.DeadlineExceeded, timeout.Kind);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.9, 8);

        var big = await _host.Containers.ExecSyncAsync(id, ["/bin/sh", "-c", "head -c 20000000 /dev/zero; echo done >&2"], TimeSpan.FromSeconds(30), default);
        Assert.Equal(0, big.ExitCode);
        Assert.Equal(ContainerManager.ExecOutputLimit, big.Stdout.Length);
        Assert.Equal("done\n", System.Text.Encoding.UTF8.GetString(big.Stderr));

        await _host.Containers.StopAsync(id, TimeSpan.Zero, default);
    }

    [Fact]
    public async Task Names_in_use_are_refused_until_removed()
    {
        var request = _host.Sandbox("names");
        var pod = await _host.Sandboxes.RunAsync(request, default);
        var again = await Assert.ThrowsAsync<CriException>(() => _host.Sandboxes.RunAsync(request, default));
        Assert.Equal(ErrorKind.AlreadyExists, again.Kind);

        var id = await _host.Containers.CreateAsync(_host.Container(pod, "c", "/bin/true"), default);
        var duplicate = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(_host.Container(pod, "c", "/bin/true"), default));
        Assert.Equal(ErrorKind.AlreadyExists, duplicate.Kind);

        await _host.Containers.RemoveAsync(id, default);
        var second = await _host.Containers.CreateAsync(_host.Container(pod, "c", "/bin/true"), default);
        Assert.NotEqual(id, second);

        await _host.Sandboxes.RemoveAsync(pod, default);
        Assert.NotEqual(pod, await _host.Sandboxes.RunAsync(request, default));
    }

    [Fact]
    public async Task A_failed_create_leaves_nothing_behind()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("failing"), default);
        var request = _host.Container(pod, "bad", "/does/not/exist") with { Image = _host.BusyboxImage };
        var before = Entries(_host.Paths.Bundle("x")[..^2]) + Entries(_host.Paths.WritableLayer("x")[..^2]);

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(request with { Image = "no/such:image" }, default));
        Assert.Equal(ErrorKind.NotFound, error.Kind);

        Assert.Equal(before, Entries(_host.Paths.Bundle("x")[..^2]) + Entries(_host.Paths.WritableLayer("x")[..^2]));
        Assert.Empty(_host.Containers.List(new ContainerFilter { SandboxId = pod }));
        // The name is free again.
        var id = await _host.Containers.CreateAsync(request with { Command = ["/bin/true"] }, default);
        Assert.NotEmpty(id);
    }

    private static int Entries(string dir) => Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir).Length : 0;

    private async Task<ContainerRecord> WaitExitedAsync(string id)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = _host.Containers.Status(id);
            if (status.State == ContainerState.Exited)
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"container {id} did not exit");
    }

    internal static async Task WaitForLogAsync(string path, string text)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"\"{text}\" did not appear in {path}");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (stdout|stderr) F (.*)$")]
    private static partial Regex CriLine();
}
