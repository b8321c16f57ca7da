using CriRuntime.Conformance.Running;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>Container lifecycle, exit codes and reasons, logs, ExecSync, users from images and stats.</summary>
internal static class ContainerSpecs
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    public static IEnumerable<Spec> All()
    {
        yield return new Spec("containers", "a container goes created, running, exited, and is gone after removal", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "life");
            var id = await Pods.CreateAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            var created = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerCreated, created.State, "state after create");
            Check.That(created.CreatedAt > 0, "created_at is 0");
            Check.That(created.ImageRef.Length > 0, "image_ref is empty");

            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            var running = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerRunning, running.State, "state after start");
            Check.That(running.StartedAt >= running.CreatedAt, "started_at before created_at");

            await ctx.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 10 });
            await ctx.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 10 });
            var exited = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerExited, exited.State, "state after stop");
            Check.That(exited.FinishedAt >= exited.StartedAt, "finished_at before started_at");

            await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
            await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
            await Check.Fails(StatusCode.NotFound, async () => await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }), "status after remove");
        });

        yield return new Spec("containers", "exit codes and reasons: Completed for 0, Error otherwise", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "exit");
            var ok = await Pods.StartAsync(ctx, pod, "ok", ctx.Fixtures.Busybox, "true");
            var bad = await Pods.StartAsync(ctx, pod, "bad", ctx.Fixtures.Busybox, "sh", "-c", "exit 3");
            var okStatus = await Pods.WaitExitedAsync(ctx, ok, ExitWait);
            var badStatus = await Pods.WaitExitedAsync(ctx, bad, ExitWait);
            Check.Equal(0, okStatus.ExitCode, "exit code of true");
            Check.Equal("Completed", okStatus.Reason, "reason of true");
            Check.Equal(3, badStatus.ExitCode, "exit code of exit 3");
            Check.Equal("Error", badStatus.Reason, "reason of exit 3");
        });

        yield return new Spec("containers", "a container that ignores SIGTERM is killed when the stop timeout ends", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "stubborn");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", "trap '' TERM; sleep 3600 & wait; sleep 3600");
            var started = DateTime.UtcNow;
            await ctx.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 2 });
            var status = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerExited, status.State, "state after stop");
            Check.Equal(137, status.ExitCode, "exit code (SIGKILL)");
            Check.That(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.5), "killed before the timeout");
        });

        yield return new Spec("logs", "both streams land in the log file in the CRI format", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "logs");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", "echo out-line; echo err-line >&2; printf partial");
            var status = await Pods.WaitExitedAsync(ctx, id, ExitWait);
            var log = await File.ReadAllLinesAsync(status.LogPath);
            Check.That(log.Any(l => LogLine(l, "stdout", "F", "out-line")), $"no full stdout line in [{string.Join(" | ", log)}]");
            Check.That(log.Any(l => LogLine(l, "stderr", "F", "err-line")), $"no full stderr line in [{string.Join(" | ", log)}]");
            Check.That(log.Any(l => LogLine(l, "stdout", "P", "partial")), $"no partial stdout line in [{string.Join(" | ", log)}]");
        });

        yield return new Spec("logs", "after ReopenContainerLog new lines go to the new file", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "reopen");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", "i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.1; done");
            var path = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status.LogPath;
            await Task.Delay(500);
            File.Move(path, path + ".1");
            await ctx.Runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = id });
            await Task.Delay(700);
            Check.That(File.Exists(path), "the log file was not reopened");
            var fresh = await File.ReadAllLinesAsync(path);
            Check.That(fresh.Any(l => l.Contains(" stdout F line-", StringComparison.Ordinal)), "no line in the reopened file");
        });

        yield return new Spec("exec", "ExecSync returns stdout, stderr and the exit code", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "exec");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            var result = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", "echo hello; echo oops >&2; exit 5" }, Timeout = 10 });
            Check.Equal("hello\n", result.Stdout.ToStringUtf8(), "stdout");
            Check.Equal("oops\n", result.Stderr.ToStringUtf8(), "stderr");
            Check.Equal(5, result.ExitCode, "exit code");
        });

        yield return new Spec("exec", "ExecSync past its timeout fails and leaves no process behind", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "exec-timeout");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            try
            {
                await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sleep", "4321" }, Timeout = 1 });
                throw new SpecFailure("ExecSync of sleep 4321 with a 1 s timeout returned");
            }
            catch (RpcException)
            {
                // containerd answers Unknown with a timeout message, criruntime DeadlineExceeded: both are errors kubelet sees.
            }

            var left = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", "pgrep -f 'sleep 4321' || true" }, Timeout = 10 });
            Check.Equal("", left.Stdout.ToStringUtf8().Trim(), "processes left by the timed-out exec");
        });

        yield return new Spec("images", "a container runs as the image's USER", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "user");
            var uid = await Pods.StartAsync(ctx, pod, "uid", ctx.Fixtures.UserUid, "sh", "-c", Pods.Sleeper);
            var named = await Pods.StartAsync(ctx, pod, "named", ctx.Fixtures.UserName, "sh", "-c", Pods.Sleeper);
            var byUid = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = uid, Cmd = { "id", "-u" }, Timeout = 10 });
            var byName = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = named, Cmd = { "id", "-u" }, Timeout = 10 });
            Check.Equal("1002", byUid.Stdout.ToStringUtf8().Trim(), "uid of USER 1002");
            Check.Equal("33", byName.Stdout.ToStringUtf8().Trim(), "uid of USER www-data");
        });

        yield return new Spec("stats", "ContainerStats reports CPU and memory of a running container", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "stats");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            var stats = (await ctx.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })).Stats;
            Check.Equal(id, stats.Attributes.Id, "attributes.id");
            Check.That(stats.Cpu?.Timestamp > 0, "cpu timestamp is 0");
            Check.That(stats.Memory?.Timestamp > 0, "memory timestamp is 0");
            Check.That(stats.Memory?.WorkingSetBytes?.Value > 0, "memory working set is 0");
            var list = await ctx.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter { PodSandboxId = pod.Id } });
            Check.Equal(id, list.Stats.SingleOrDefault()?.Attributes.Id ?? "", "ListContainerStats by sandbox");
        });

        yield return new Spec("networking", "the pod's resolv.conf follows its DNS config", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "dns", podNetwork: true, configure: c =>
            {
                // Never reached: nothing resolves during the spec, and forwarded traffic off the test subnet is dropped.
                c.DnsConfig = new DNSConfig { Servers = { "192.0.2.53" }, Searches = { "conformance.test" }, Options = { "ndots:3" } };
            });
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            var resolv = (await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "cat", "/etc/resolv.conf" }, Timeout = 10 })).Stdout.ToStringUtf8();
            Check.Contains("nameserver 192.0.2.53", resolv, "resolv.conf");
            Check.Contains("search conformance.test", resolv, "resolv.conf");
            Check.Contains("options ndots:3", resolv, "resolv.conf");
            var status = (await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id })).Status;
            Check.That(status.Network?.Ip.Length > 0, "the pod has no IP");
        });
    }

    private static bool LogLine(string line, string stream, string tag, string text)
    {
        var parts = line.Split(' ', 4);
        return parts.Length == 4 && DateTimeOffset.TryParse(parts[0], out _) && parts[1] == stream && parts[2] == tag && parts[3] == text;
    }
}
