using System.Diagnostics;
using Runtime.V1;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// Measures the same CRI workload against each target, alternating targets every iteration so that machine
/// noise falls on both alike.
/// </summary>
internal sealed class BenchmarkRunner(BenchmarkOptions options, TextWriter output)
{
    private const string LargePull = "PullImage cold, ~200 MB";
    private const string LocalLimit = "PullImage cold, ~200 MB: local tar -xzf of its layers";
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly string _logRoot = Directory.CreateTempSubdirectory("criruntime-bench-").FullName;

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync()
    {
        var targets = options.Targets.Select(t => new Target(t.Label, t.Endpoint)).ToList();
        try
        {
            foreach (var target in targets)
            {
                await Prepare(target);
                var (daemon, _, _) = ResidentMemory.Of(target.SocketPath);
                target.Result.Figures["memory idle: daemon (MiB)"] = daemon / 1024.0;
            }

            if (options.PullRegistry is { } pullRegistry)
            {
                using var unpack = new LocalUnpack(options.PullLayerFiles ?? []);
                for (var i = 0; i < 3; i++)
                {
                    // The machine's own limit, measured between the pulls it bounds.
                    var limit = await unpack.MeasureAsync();
                    foreach (var target in targets)
                    {
                        target.Result.For(LocalLimit).Add(limit);
                        await Guarded(target, () => ColdPulls(target, pullRegistry));
                    }
                }

                foreach (var target in targets)
                {
                    if (target.Result.Latencies.TryGetValue(LargePull, out var pulls))
                    {
                        target.Result.Figures["PullImage cold, ~200 MB: times the local limit"] = pulls.Median / target.Result.For(LocalLimit).Median;
                    }
                }
            }

            for (var i = 0; i < options.Iterations; i++)
            {
                foreach (var target in targets)
                {
                    await Guarded(target, () => LifecycleOnce(target, i));
                    await Guarded(target, () => ImagesOnce(target));
                }
            }

            foreach (var pods in options.ConcurrentPods)
            {
                foreach (var target in targets)
                {
                    await Guarded(target, () => ConcurrentPods(target, pods));
                }
            }

            return targets.Select(t => t.Result).ToList();
        }
        finally
        {
            foreach (var target in targets)
            {
                await RemoveLeftovers(target);
                target.Dispose();
            }

            Directory.Delete(_logRoot, recursive: true);
        }
    }

    /// <summary>A failed step is counted and reported once per message; the run goes on for the other figures.</summary>
    private async Task Guarded(Target target, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Grpc.Core.RpcException e)
        {
            target.Result.Figures.TryGetValue("failed steps", out var failed);
            target.Result.Figures["failed steps"] = failed + 1;
            if (_reported.Add($"{target.Result.Label}:{e.Status.Detail}"))
            {
                output.WriteLine($"{target.Result.Label}: {e.StatusCode}: {e.Status.Detail}");
            }
        }
    }

    /// <summary>Pods a failed step left behind, found by the benchmark's label, so a run never leaks.</summary>
    private static async Task RemoveLeftovers(Target target)
    {
        try
        {
            var filter = new PodSandboxFilter();
            filter.LabelSelector.Add("criruntime.bench", "1");
            var left = await target.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter });
            foreach (var pod in left.Items)
            {
                await target.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
                await target.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            }
        }
        catch (Grpc.Core.RpcException)
        {
            // The endpoint may not list pods at all yet; nothing was left then either.
        }
    }

    private async Task Prepare(Target target)
    {
        await target.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = options.ContainerImage } });
    }

    private async Task LifecycleOnce(Target target, int iteration)
    {
        var name = $"bench-{target.Result.Label}-{iteration}";
        var logDir = Path.Combine(_logRoot, name);
        Directory.CreateDirectory(logDir);
        var sandboxConfig = PodFactory.Sandbox(name, logDir, !options.PodNetwork);
        var sandbox = await Time(target, "RunPodSandbox", () => target.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig }).ResponseAsync);
        var container = await Time(target, "CreateContainer", () => target.Runtime.CreateContainerAsync(new CreateContainerRequest
        {
            PodSandboxId = sandbox.PodSandboxId,
            Config = PodFactory.Container("c", options.ContainerImage),
            SandboxConfig = sandboxConfig,
        }).ResponseAsync);
        await Time(target, "StartContainer", () => target.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = container.ContainerId }).ResponseAsync);
        await Time(target, "ExecSync", () => target.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = container.ContainerId, Cmd = { "true" }, Timeout = 10 }).ResponseAsync);
        await Time(target, "ContainerStatus", () => target.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = container.ContainerId }).ResponseAsync);
        await Time(target, "StopContainer", () => target.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = container.ContainerId, Timeout = 10 }).ResponseAsync);
        await Time(target, "RemoveContainer", () => target.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = container.ContainerId }).ResponseAsync);
        await Time(target, "StopPodSandbox", () => target.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.PodSandboxId }).ResponseAsync);
        await Time(target, "RemovePodSandbox", () => target.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.PodSandboxId }).ResponseAsync);
    }

    private async Task ImagesOnce(Target target)
    {
        var image = new ImageSpec { Image = options.PullImage };
        await Time(target, "PullImage", () => target.Images.PullImageAsync(new PullImageRequest { Image = image }).ResponseAsync);
        await Time(target, "ImageStatus", () => target.Images.ImageStatusAsync(new ImageStatusRequest { Image = image }).ResponseAsync);
        await Time(target, "ListImages", () => target.Images.ListImagesAsync(new ListImagesRequest()).ResponseAsync);
        await Time(target, "RemoveImage", () => target.Images.RemoveImageAsync(new RemoveImageRequest { Image = image }).ResponseAsync);
    }

    /// <summary>
    /// A cold pull of the large image (removed before and after), then the ten images sharing a base layer pulled at
    /// once, cold: wall times and throughput.
    /// </summary>
    private static async Task ColdPulls(Target target, string registry)
    {
        var large = new ImageSpec { Image = PullImages.Large(registry) };
        await target.Images.RemoveImageAsync(new RemoveImageRequest { Image = large });
        var started = Stopwatch.GetTimestamp();
        await target.Images.PullImageAsync(new PullImageRequest { Image = large });
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        target.Result.For(LargePull).Add(elapsed);
        target.Result.For(LargePull + " (MB/s)").Add(LocalUnpack.ContentBytes / 1e6 / (elapsed / 1000));
        await target.Images.RemoveImageAsync(new RemoveImageRequest { Image = large });

        var shared = PullImages.Shared(registry).Select(i => new ImageSpec { Image = i }).ToList();
        foreach (var image in shared)
        {
            await target.Images.RemoveImageAsync(new RemoveImageRequest { Image = image });
        }

        started = Stopwatch.GetTimestamp();
        await Task.WhenAll(shared.Select(image => target.Images.PullImageAsync(new PullImageRequest { Image = image }).ResponseAsync));
        target.Result.For($"{PullImages.SharedCount} images sharing a base, pulled at once").Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        foreach (var image in shared)
        {
            await target.Images.RemoveImageAsync(new RemoveImageRequest { Image = image });
        }
    }

    /// <summary>
    /// Density: N pods of one started container each, all at once, then all stopped and removed at once: the wall
    /// times, each pod's time (p50/p99), the daemon's CPU seconds over both phases, the peaks of the daemon's and
    /// the shims' resident memory, and the memory with every container running.
    /// </summary>
    private async Task ConcurrentPods(Target target, int count)
    {
        var daemonPid = ResidentMemory.ServerPid(target.SocketPath);
        var cpuBefore = ProcessCpu.Seconds(daemonPid);
        var peak = new MemoryPeak(target.SocketPath);
        var podStarts = target.Result.For($"density {count}: each pod started (sandbox, create, start)");
        var started = Stopwatch.GetTimestamp();
        var pods = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var podStarted = Stopwatch.GetTimestamp();
            var name = $"bench-{target.Result.Label}-x{count}-{i}";
            var logDir = Path.Combine(_logRoot, name);
            Directory.CreateDirectory(logDir);
            var config = PodFactory.Sandbox(name, logDir, !options.PodNetwork);
            var sandbox = await target.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config });
            var container = await target.Runtime.CreateContainerAsync(new CreateContainerRequest
            {
                PodSandboxId = sandbox.PodSandboxId,
                Config = PodFactory.Container("c", options.ContainerImage),
                SandboxConfig = config,
            });
            await target.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = container.ContainerId });
            podStarts.Add(Stopwatch.GetElapsedTime(podStarted).TotalMilliseconds);
            return sandbox.PodSandboxId;
        }));
        target.Result.Figures[$"{count} pods started at once (ms)"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var (daemon, helpers, helperCount) = ResidentMemory.Of(target.SocketPath);
        target.Result.Figures[$"memory with {count} containers: daemon (MiB)"] = daemon / 1024.0;
        target.Result.Figures[$"memory with {count} containers: shims (MiB)"] = helpers / 1024.0;
        if (helperCount > 0)
        {
            target.Result.Figures[$"memory with {count} containers: per shim (MiB)"] = helpers / 1024.0 / helperCount;
        }

        ResidentMemory.RecordShims(target.Result, target.SocketPath, $"with {count} containers", count);

        var podRemovals = target.Result.For($"density {count}: each pod removed (stop, remove)");
        started = Stopwatch.GetTimestamp();
        await Task.WhenAll(pods.Select(async id =>
        {
            var podStarted = Stopwatch.GetTimestamp();
            await target.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id });
            await target.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id });
            podRemovals.Add(Stopwatch.GetElapsedTime(podStarted).TotalMilliseconds);
        }));
        target.Result.Figures[$"{count} pods removed at once (ms)"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        target.Result.Figures[$"density {count}: daemon CPU (s)"] = ProcessCpu.Seconds(daemonPid) - cpuBefore;
        var (daemonPeak, shimsPeak) = await peak.StopAsync();
        target.Result.Figures[$"density {count}: daemon peak memory (MiB)"] = daemonPeak / 1024.0;
        target.Result.Figures[$"density {count}: shims peak memory, all (MiB)"] = shimsPeak / 1024.0;
        output.WriteLine($"{target.Result.Label}: {count} pods at once done");
    }

    private static async Task<T> Time<T>(Target target, string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        target.Result.For(operation).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }
}
