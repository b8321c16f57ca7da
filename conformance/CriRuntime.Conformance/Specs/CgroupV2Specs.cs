using System.Globalization;
using CriRuntime.Conformance.Running;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>
/// cgroup v2 (unified hierarchy) behaviour, read from inside the containers (the runtime mounts the container's own
/// cgroup at <c>/sys/fs/cgroup</c>) and, for the cgroup's name, from the node's <c>/proc</c>: limits in
/// <c>memory.max</c>/<c>cpu.max</c>, controllers delegated, an OOM kill reported as <c>OOMKilled</c>, PSI files,
/// stats, and the path the cgroup driver gives. Each spec is skipped where the container does not see cgroup v2.
/// </summary>
internal static class CgroupV2Specs
{
    private const long MiB = 1024 * 1024;

    public static IEnumerable<Spec> All()
    {
        yield return new Spec("cgroup-v2", "CreateContainer's limits land in memory.max and cpu.max, and pids is delegated", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "v2-limits");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, c => c.Linux = Limited(64 * MiB, 50_000, 100_000), "sh", "-c", Pods.Sleeper);
            await RequireV2Async(ctx, id);
            Check.Equal((64 * MiB).ToString(CultureInfo.InvariantCulture), await ReadAsync(ctx, id, "memory.max"), "memory.max");
            Check.Equal("50000 100000", await ReadAsync(ctx, id, "cpu.max"), "cpu.max");
            var weight = int.Parse(await ReadAsync(ctx, id, "cpu.weight"), CultureInfo.InvariantCulture);
            Check.That(weight < 100, $"cpu.weight {weight} for cpu_shares 512: expected below the default 100");
            Check.That(await ReadAsync(ctx, id, "pids.max") is { Length: > 0 }, "pids.max is empty");
            var pids = int.Parse(await ReadAsync(ctx, id, "pids.current"), CultureInfo.InvariantCulture);
            Check.That(pids >= 1, $"pids.current is {pids}");
        });

        yield return new Spec("cgroup-v2", "a container has its own cgroup namespace: /proc/self/cgroup reads 0::/", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "v2-cgroupns");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            await RequireV2Async(ctx, id);
            var result = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "cat", "/proc/self/cgroup" }, Timeout = 30 });
            Check.Equal("0::/", result.Stdout.ToStringUtf8().Trim(), "/proc/self/cgroup");
        });

        yield return new Spec("cgroup-v2", "UpdateContainerResources rewrites memory.max and cpu.max of a running container", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "v2-update");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, c => c.Linux = Limited(64 * MiB, 50_000, 100_000), "sh", "-c", Pods.Sleeper);
            await RequireV2Async(ctx, id);
            await ctx.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest
            {
                ContainerId = id,
                Linux = Limited(96 * MiB, 20_000, 100_000).Resources,
            });
            Check.Equal((96 * MiB).ToString(CultureInfo.InvariantCulture), await ReadAsync(ctx, id, "memory.max"), "memory.max after update");
            Check.Equal("20000 100000", await ReadAsync(ctx, id, "cpu.max"), "cpu.max after update");
        });

        yield return new Spec("cgroup-v2", "a container past memory.max is OOM-killed and reported as OOMKilled", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "v2-oom");
            var probe = await Pods.StartAsync(ctx, pod, "probe", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            await RequireV2Async(ctx, probe);
            // dd's one 256 MiB block buffer is written in full, far past the 32 MiB limit (the VM has no swap).
            var id = await Pods.StartAsync(ctx, pod, "hog", ctx.Fixtures.Busybox, c => c.Linux = Limited(32 * MiB, 0, 0), "dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1");
            var status = await Pods.WaitExitedAsync(ctx, id, TimeSpan.FromSeconds(60));
            Check.Equal("OOMKilled", status.Reason, $"reason (exit code {status.ExitCode})");
            Check.Equal(137, status.ExitCode, "exit code");
        });

        yield return new Spec("cgroup-v2", "PSI files are there and ContainerStats counts a busy container's CPU", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "v2-stats");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, c => c.Linux = Limited(64 * MiB, 20_000, 100_000), "sh", "-c", "while :; do :; done");
            await RequireV2Async(ctx, id);
            foreach (var file in new[] { "cpu.pressure", "memory.pressure", "io.pressure" })
            {
                Check.Contains("some avg10=", await ReadAsync(ctx, id, file), file);
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            ContainerStats stats;
            do
            {
                await Task.Delay(500);
                stats = (await ctx.Runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })).Stats;
            }
            while (stats.Cpu?.UsageCoreNanoSeconds?.Value is null or 0 && DateTime.UtcNow < deadline);
            Check.That(stats.Cpu?.UsageCoreNanoSeconds?.Value > 0, "cpu usage_core_nano_seconds is 0 for a busy loop");
            Check.That(stats.Memory?.WorkingSetBytes?.Value > 0, "memory working set is 0");
            Check.That(stats.Memory?.UsageBytes?.Value > 0, "memory usage is 0");
        });

        yield return new Spec("cgroup-v2", "the container's cgroup on the node is the one its cgroupsPath names", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "v2-path");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            await RequireV2Async(ctx, id);
            var info = await Pods.InfoAsync(ctx, id);
            var pid = info["pid"]?.GetValue<int>() ?? 0;
            var cgroupsPath = info["runtimeSpec"]?["linux"]?["cgroupsPath"]?.GetValue<string>() ?? "";
            Check.That(pid > 0 && cgroupsPath.Length > 0, $"verbose info lacks pid ({pid}) or runtimeSpec.linux.cgroupsPath (\"{cgroupsPath}\")");
            var procCgroup = $"/proc/{pid}/cgroup";
            if (!File.Exists(procCgroup) || !File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            {
                throw new SpecSkipped("the suite does not run on the node (no /proc/PID or no unified /sys/fs/cgroup here)");
            }

            var path = (await File.ReadAllLinesAsync(procCgroup)).Select(l => l.Split(':', 3)).Single(f => f[0] == "0")[2];
            // systemd driver: "SLICE:PREFIX:NAME" is the scope PREFIX-NAME.scope under SLICE (crun puts the process in
            // a "container" child of the scope); cgroupfs: the path itself.
            var parts = cgroupsPath.Split(':');
            if (parts.Length == 3)
            {
                var scope = $"/{parts[0]}/{parts[1]}-{parts[2]}.scope";
                Check.That(path.EndsWith(scope, StringComparison.Ordinal) || path.EndsWith(scope + "/container", StringComparison.Ordinal), $"cgroup {path} is not {parts[1]}-{parts[2]}.scope under {parts[0]}");
            }
            else
            {
                Check.Equal("/" + cgroupsPath.Trim('/'), path, "cgroup of the container's process");
            }
        });
    }

    /// <summary>Linux config with resources as kubelet sends them; 0 quota means no CPU limit.</summary>
    private static LinuxContainerConfig Limited(long memory, long cpuQuota, long cpuPeriod) => new()
    {
        Resources = new LinuxContainerResources
        {
            MemoryLimitInBytes = memory,
            MemorySwapLimitInBytes = memory,
            CpuQuota = cpuQuota,
            CpuPeriod = cpuPeriod,
            CpuShares = 512,
        },
    };

    private static async Task RequireV2Async(SpecContext ctx, string id)
    {
        // cgroup.controllers is in every cgroup v2 directory and in none of v1's (busybox's stat -f does not name cgroup2).
        var probe = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "test", "-f", "/sys/fs/cgroup/cgroup.controllers" }, Timeout = 30 });
        if (probe.ExitCode != 0)
        {
            throw new SpecSkipped("the container does not see cgroup v2 at /sys/fs/cgroup (a cgroup v1 host)");
        }
    }

    private static async Task<string> ReadAsync(SpecContext ctx, string id, string file)
    {
        var result = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "cat", "/sys/fs/cgroup/" + file }, Timeout = 30 });
        Check.Equal(0, result.ExitCode, $"cat /sys/fs/cgroup/{file} ({result.Stderr.ToStringUtf8().Trim()})");
        return result.Stdout.ToStringUtf8().Trim();
    }
}
