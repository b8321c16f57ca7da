using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CriRuntime.Conformance.Benchmark;
using CriRuntime.Conformance.Running;
using CriRuntime.TestSupport;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Conformance.Reliability;

/// <summary>
/// <c>--load CALLERS --socket PATH --dir DIR [--rounds N] [--reads-per-second R] [--registry HOST:PORT]</c>: CALLERS
/// concurrent callers each run N rounds of RunPodSandbox (CNI), CreateContainer, StartContainer and removal, while
/// another loop calls ListContainers, ContainerStatus and ContainerStats R times a second. Prints the count, failures
/// and p50/p99 of each RPC; exit code 1 when any call failed. Run through conformance/reliability.sh load.
/// </summary>
internal static class LoadRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var values = SoakRunner.Flags(args);
        var callers = int.Parse(values["--load"], CultureInfo.InvariantCulture);
        var rounds = values.TryGetValue("--rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        var readsPerSecond = values.TryGetValue("--reads-per-second", out var rps) ? int.Parse(rps, CultureInfo.InvariantCulture) : 200;
        var dir = values["--dir"];
        using var images = await SuiteImages.PrepareAsync(values.GetValueOrDefault("--registry"));
        using var channel = CriChannels.Open("unix://" + values["--socket"]);
        var cri = new RuntimeService.RuntimeServiceClient(channel);
        await new ImageService.ImageServiceClient(channel).PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = images.Busybox } });

        var samples = new ConcurrentDictionary<string, ConcurrentBag<double>>(StringComparer.Ordinal);
        var failures = new ConcurrentBag<string>();
        var live = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        async Task<T> Timed<T>(string rpc, Func<Task<T>> call)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                return await call();
            }
            catch (RpcException e) when (!(rpc is "ContainerStatus" or "ContainerStats" && e.StatusCode == StatusCode.NotFound))
            {
                failures.Add($"{rpc}: {e.StatusCode} {e.Status.Detail}");
                throw;
            }
            finally
            {
                samples.GetOrAdd(rpc, _ => []).Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        using var stopReads = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            // Reads are started at the asked rate without waiting for the previous one, so a slow answer does not
            // lower the load; all are awaited at the end.
            var inFlight = new List<Task>();
            var interval = TimeSpan.FromSeconds(1.0 / readsPerSecond);
            var next = Stopwatch.GetTimestamp();
            for (var i = 0; !stopReads.IsCancellationRequested; i++)
            {
                var id = live.Keys.FirstOrDefault();
                inFlight.Add((i % 3, id) switch
                {
                    (0, _) or (_, null) => ReadAsync("ListContainers", async () => (object)await cri.ListContainersAsync(new ListContainersRequest())),
                    (1, _) => ReadAsync("ContainerStatus", async () => (object)await cri.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })),
                    _ => ReadAsync("ContainerStats", async () => (object)await cri.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = id })),
                });
                reads++;
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }

            await Task.WhenAll(inFlight);
        });

        async Task ReadAsync(string rpc, Func<Task<object>> call)
        {
            try
            {
                await Timed(rpc, call);
            }
            catch (RpcException)
            {
                // Counted; a container removed between the lookup and the call is not a failure.
            }
        }

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var round = 0; round < rounds; round++)
            {
                try
                {
                    var podConfig = new PodSandboxConfig
                    {
                        Metadata = new PodSandboxMetadata { Name = $"load-{caller}-{round}", Namespace = "load", Uid = Guid.NewGuid().ToString("N") },
                        Hostname = "load",
                        LogDirectory = Path.Combine(dir, "logs", $"load-{caller}"),
                        Linux = new LinuxPodSandboxConfig
                        {
                            SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod } },
                        },
                    };
                    var pod = (await Timed("RunPodSandbox", async () => await cri.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig }))).PodSandboxId;
                    var config = new ContainerConfig
                    {
                        Metadata = new ContainerMetadata { Name = "c" },
                        Image = new ImageSpec { Image = images.Busybox },
                        Command = { "sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait" },
                        LogPath = $"c-{round}.log",
                    };
                    var id = (await Timed("CreateContainer", async () => await cri.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }))).ContainerId;
                    await Timed("StartContainer", async () => await cri.StartContainerAsync(new StartContainerRequest { ContainerId = id }));
                    live[id] = true;
                    await Task.Delay(500);
                    live.TryRemove(id, out _);
                    await Timed("StopPodSandbox", async () => await cri.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod }));
                    await Timed("RemovePodSandbox", async () => await cri.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod }));
                }
                catch (RpcException)
                {
                    // Counted in failures.
                }
            }
        })));
        var elapsed = watch.Elapsed;
        await stopReads.CancelAsync();
        await reader;

        await output.WriteLineAsync($"{callers} callers x {rounds} rounds, {readsPerSecond} reads/s asked, {reads / elapsed.TotalSeconds:F0} made, {elapsed.TotalSeconds:F1} s");
        await output.WriteLineAsync($"{"rpc",-18} {"calls",7} {"p50 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var (rpc, bag) in samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var s = new Samples();
            foreach (var value in bag)
            {
                s.Add(value);
            }

            await output.WriteLineAsync($"{rpc,-18} {s.Count,7} {s.Median,9:F1} {s.Percentile(99),9:F1} {s.Percentile(100),9:F1}");
        }

        foreach (var failure in failures.Take(20))
        {
            await output.WriteLineAsync("failed: " + failure);
        }

        await output.WriteLineAsync($"failures: {failures.Count}");
        return failures.IsEmpty ? 0 : 1;
    }
}
