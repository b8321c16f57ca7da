using CriRuntime.Conformance.Running;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>
/// Requests exactly as kubelet v1.32-1.36 sends them (<see cref="KubeletRequests"/>), and the answers kubelet reads:
/// what critest never sends (hugepage limits for every page size, the QoS cgroup parent, images by id) must work.
/// </summary>
internal static class KubeletSpecs
{
    public static IEnumerable<Spec> All()
    {
        yield return new Spec("kubelet", "a burstable pod as kubelet sends it runs, with hugepage limits for every page size", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "kubelet-burstable");
            var (id, config) = await KubeletRequests.CreateContainerAsync(ctx, pod, "app", ctx.Fixtures.Busybox, 0, null, "sh", "-c", "echo started; " + Pods.Sleeper);
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

            var status = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerRunning, status.State, "state");
            Check.Equal("app", status.Metadata.Name, "metadata.name");
            Check.Equal(0u, status.Metadata.Attempt, "metadata.attempt");
            Check.That(status.CreatedAt > 0 && status.StartedAt >= status.CreatedAt, $"created_at {status.CreatedAt}, started_at {status.StartedAt}");
            Check.That(status.ImageRef.Length > 0, "image_ref is empty");
            foreach (var (key, value) in config.Labels)
            {
                Check.Equal(value, status.Labels.GetValueOrDefault(key, ""), $"label {key}");
            }

            foreach (var (key, value) in config.Annotations)
            {
                Check.Equal(value, status.Annotations.GetValueOrDefault(key, ""), $"annotation {key}");
            }

            Check.Equal(Path.Combine(pod.Config.LogDirectory, "app", "0.log"), status.LogPath, "log_path (/var/log/pods/NS_NAME_UID/CONTAINER/N.log)");
            await WaitForAsync(() => File.Exists(status.LogPath) && File.ReadAllText(status.LogPath).Contains(" stdout F started", StringComparison.Ordinal), "the started line in the log");

            var inside = await ExecAsync(ctx, id, "cat /proc/self/cgroup; grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status; echo masked=$(wc -c < /proc/timer_list); grep ' /proc/sys ' /proc/mounts");
            // On cgroup v2 the container has a cgroup namespace of its own and reads "0::/": the node's /proc has the path.
            var cgroup = inside.Contains("0::/\n", StringComparison.Ordinal) ? await File.ReadAllTextAsync($"/proc/{await Pods.PidAsync(ctx, id)}/cgroup") : inside;
            Check.Contains($"/kubepods/burstable/pod{pod.Config.Metadata.Uid}/", cgroup, "the container's cgroup is under the pod's QoS parent");
            Check.That(System.Text.RegularExpressions.Regex.IsMatch(inside, @"Seccomp:\s+2"), $"seccomp RuntimeDefault is not in force: {inside}");
            Check.That(System.Text.RegularExpressions.Regex.IsMatch(inside, @" /proc/sys \S+ ro[, ]"), $"/proc/sys is not read-only: {inside}");
            Check.Contains("masked=0", inside, "/proc/timer_list is masked");

            var sandbox = (await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id })).Status;
            Check.Equal(PodSandboxState.SandboxReady, sandbox.State, "sandbox state");
            Check.Equal(pod.Config.Metadata.Uid, sandbox.Labels.GetValueOrDefault("io.kubernetes.pod.uid", ""), "sandbox label io.kubernetes.pod.uid");
            Check.Equal("file", sandbox.Annotations.GetValueOrDefault("kubernetes.io/config.source", ""), "sandbox annotation kubernetes.io/config.source");
            Check.That(sandbox.Network?.Ip.Length > 0, "the pod has no IP");
        });

        yield return new Spec("kubelet", "UpdateContainerResources as kubelet's in-place resize sends it takes effect and is reported", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "kubelet-resize");
            var (id, _) = await KubeletRequests.CreateContainerAsync(ctx, pod, "app", ctx.Fixtures.Busybox, 0, null, "sh", "-c", Pods.Sleeper);
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

            var resized = KubeletRequests.Resources(cpuLimitMilli: 800, cpuRequestMilli: 200, memoryLimit: 96 << 20);
            await ctx.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest { ContainerId = id, Linux = resized });

            var limit = (await ExecAsync(ctx, id, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max")).Trim();
            Check.Equal((96 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), limit, "the memory limit inside the container");
            var status = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(96L << 20, status.Resources?.Linux?.MemoryLimitInBytes ?? 0, "status.resources.linux.memory_limit_in_bytes");
            Check.Equal(80000L, status.Resources?.Linux?.CpuQuota ?? 0, "status.resources.linux.cpu_quota");
        });

        yield return new Spec("kubelet", "a restricted container (non-root, all capabilities dropped, read-only root, no new privileges) runs as asked", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "kubelet-restricted");
            var (id, _) = await KubeletRequests.CreateContainerAsync(ctx, pod, "app", ctx.Fixtures.Busybox, 0, c =>
            {
                var sc = c.Linux.SecurityContext;
                sc.RunAsUser = new Int64Value { Value = 1000 };
                sc.RunAsGroup = new Int64Value { Value = 3000 };
                sc.SupplementalGroups.Add(4000);
                sc.ReadonlyRootfs = true;
                sc.NoNewPrivs = true;
                sc.Capabilities = new Capability { DropCapabilities = { "ALL" } };
            }, "sh", "-c", Pods.Sleeper);
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

            var inside = await ExecAsync(ctx, id, "id -u; id -g; grep -E '^(CapEff|NoNewPrivs):' /proc/self/status; touch /rootfs-write 2>/dev/null || echo ro-root");
            var lines = inside.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Check.Equal("1000", lines.ElementAtOrDefault(0) ?? "", "uid");
            Check.Equal("3000", lines.ElementAtOrDefault(1) ?? "", "gid");
            Check.That(lines.Any(l => l.StartsWith("CapEff:", StringComparison.Ordinal) && l.EndsWith("0000000000000000", StringComparison.Ordinal)), $"effective capabilities: {inside}");
            Check.That(lines.Any(l => l.StartsWith("NoNewPrivs:", StringComparison.Ordinal) && l.EndsWith('1')), $"no_new_privs: {inside}");
            Check.Contains("ro-root", inside, "the root filesystem is read-only");
            var status = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            if (status.User?.Linux is { } user)
            {
                Check.Equal(1000L, user.Uid, "status.user.linux.uid");
                Check.Equal(3000L, user.Gid, "status.user.linux.gid");
            }
        });
    }

    /// <summary>The stats kubelet's summary API and its /metrics/cadvisor (PodAndContainerStatsFromCRI) read.</summary>
    public static IEnumerable<Spec> Stats()
    {
        yield return new Spec("stats", "ListPodSandboxStats has the pod's network counters and full memory stats of its containers", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "kubelet-stats");
            var (id, _) = await KubeletRequests.CreateContainerAsync(ctx, pod, "app", ctx.Fixtures.Busybox, 0, null, "sh", "-c", Pods.Sleeper);
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            var ip = (await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id })).Status.Network.Ip;
            // ARP for an absent neighbour on the pod's own subnet: frames leave eth0 and stay on the test bridge.
            var absent = string.Join('.', ip.Split('.')[..3]) + ".250";
            await ExecAsync(ctx, id, $"ping -c 2 -W 1 {absent} >/dev/null 2>&1; true");

            var stats = (await ctx.Runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest { Filter = new PodSandboxStatsFilter { Id = pod.Id } })).Stats.SingleOrDefault()
                ?? throw new SpecFailure("no stats for the pod");
            var network = stats.Linux?.Network ?? throw new SpecFailure("no network stats for a pod-network pod");
            Check.Equal("eth0", network.DefaultInterface?.Name ?? "", "network.default_interface.name");
            Check.That(network.DefaultInterface?.TxBytes?.Value > 0, $"eth0 transmitted nothing: {network.DefaultInterface}");
            Check.That(network.DefaultInterface?.RxErrors is not null && network.DefaultInterface?.TxErrors is not null, "rx_errors or tx_errors missing");
            var container = stats.Linux.Containers.SingleOrDefault(c => c.Attributes.Id == id) ?? throw new SpecFailure("the container is missing from the pod's stats");
            var memory = container.Memory;
            Check.That(memory?.WorkingSetBytes?.Value > 0, "memory.working_set_bytes is 0");
            Check.That(memory?.UsageBytes?.Value >= memory?.WorkingSetBytes?.Value, "memory.usage_bytes below the working set");
            Check.That(memory?.RssBytes is not null, "memory.rss_bytes missing");
            Check.That(memory?.PageFaults?.Value > 0, "memory.page_faults is 0");
            Check.That(memory?.MajorPageFaults is not null, "memory.major_page_faults missing");
            Check.That(memory?.AvailableBytes?.Value is > 0 and <= 64 << 20, $"memory.available_bytes {memory?.AvailableBytes?.Value} is not within the 64 MiB limit");
            Check.That(container.WritableLayer?.FsId?.Mountpoint.Length > 0, "writable_layer.fs_id.mountpoint is empty");
        });

        yield return new Spec("stats", "ListMetricDescriptors and ListPodSandboxMetrics use cAdvisor's names and labels", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "kubelet-metrics");
            var (id, _) = await KubeletRequests.CreateContainerAsync(ctx, pod, "app", ctx.Fixtures.Busybox, 0, null, "sh", "-c", Pods.Sleeper);
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

            var descriptors = (await ctx.Runtime.ListMetricDescriptorsAsync(new ListMetricDescriptorsRequest())).Descriptors.ToDictionary(d => d.Name);
            foreach (var name in new[] { "container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_network_receive_bytes_total" })
            {
                var descriptor = descriptors.GetValueOrDefault(name) ?? throw new SpecFailure($"no descriptor {name}");
                foreach (var label in new[] { "container", "pod", "namespace", "image" })
                {
                    Check.That(descriptor.LabelKeys.Contains(label), $"{name} has no {label} label: [{string.Join(", ", descriptor.LabelKeys)}]");
                }
            }

            var metrics = (await ctx.Runtime.ListPodSandboxMetricsAsync(new ListPodSandboxMetricsRequest())).PodMetrics.SingleOrDefault(p => p.PodSandboxId == pod.Id)
                ?? throw new SpecFailure("no metrics for the pod");
            var workingSet = metrics.ContainerMetrics.SingleOrDefault(c => c.ContainerId == id)?.Metrics.SingleOrDefault(m => m.Name == "container_memory_working_set_bytes")
                ?? throw new SpecFailure("no container_memory_working_set_bytes sample for the container");
            var keys = descriptors["container_memory_working_set_bytes"].LabelKeys;
            Check.Equal(keys.Count, workingSet.LabelValues.Count, "label values per key");
            var labels = keys.Zip(workingSet.LabelValues).ToDictionary(kv => kv.First, kv => kv.Second);
            Check.Equal("app", labels["container"], "container label");
            Check.Equal(pod.Config.Metadata.Name, labels["pod"], "pod label");
            Check.Equal(pod.Config.Metadata.Namespace, labels["namespace"], "namespace label");
            Check.That(workingSet.Value?.Value > 0, "working set sample is 0");
        });
    }

    /// <summary>Limits the host would refuse are refused by the runtime, naming the field, not with the OCI runtime's text.</summary>
    public static IEnumerable<Spec> Refusals()
    {
        yield return new Spec("resources", "a cpu_quota below the kernel's 1 ms minimum is InvalidArgument naming the field", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "bad-quota");
            var error = await Check.Fails(Grpc.Core.StatusCode.InvalidArgument, async () => await KubeletRequests.CreateContainerAsync(
                ctx, pod, "app", ctx.Fixtures.Busybox, 0, c => c.Linux.Resources.CpuQuota = 5, "sh", "-c", Pods.Sleeper), "CreateContainer with cpu_quota 5");
            Check.Contains("cpu_quota", error.Status.Detail, "the error message");
        });

        yield return new Spec("resources", "a cpuset naming CPUs the host does not have is InvalidArgument naming the field", async ctx =>
        {
            var pod = await KubeletRequests.RunPodAsync(ctx, "bad-cpuset");
            var (id, _) = await KubeletRequests.CreateContainerAsync(ctx, pod, "app", ctx.Fixtures.Busybox, 0, null, "sh", "-c", Pods.Sleeper);
            var resources = KubeletRequests.Resources(cpuLimitMilli: 500, cpuRequestMilli: 100, memoryLimit: 64 << 20);
            resources.CpusetCpus = "4095";
            var error = await Check.Fails(Grpc.Core.StatusCode.InvalidArgument, async () => await ctx.Runtime.UpdateContainerResourcesAsync(
                new UpdateContainerResourcesRequest { ContainerId = id, Linux = resources }), "UpdateContainerResources with cpuset_cpus 4095");
            Check.Contains("cpuset_cpus", error.Status.Detail, "the error message");
        });
    }

    private static async Task<string> ExecAsync(SpecContext ctx, string id, string script)
    {
        var result = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", script }, Timeout = 10 });
        return result.Stdout.ToStringUtf8() + result.Stderr.ToStringUtf8();
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new SpecFailure($"timed out waiting for {what}");
    }
}
