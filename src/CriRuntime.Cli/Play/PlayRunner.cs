using Grpc.Core;
using k8s.Models;
using Runtime.V1;

namespace CriRuntime.Cli.Play;

/// <summary>
/// Runs a manifest's pods through the CRI as the kubelet would, in order: images by pull policy, volumes, the sandbox,
/// init containers one after another (each to a zero exit), then the containers. In the foreground it then restarts
/// containers as the restart policy says, with back-off, until Ctrl-C (the pods keep running) or until nothing is
/// left to run. A pod that fails to start is removed again (its logs are kept).
/// </summary>
internal sealed class PlayRunner(CliContext cli, PlayOptions options)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BackoffReset = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _output = new(1, 1);

    /// <summary>Starts every pod of the manifest; with <see cref="PlayOptions.Detach"/> returns then, else supervises.</summary>
    public async Task<int> UpAsync(PlayManifest manifest, string file, CancellationToken token)
    {
        if (options.Detach && manifest.HasProbes)
        {
            throw CliException.Usage("probes run only while play watches its pods: run it without -d (Ctrl-C stops watching and leaves the pods running)");
        }

        foreach (var pod in manifest.Pods)
        {
            if ((await FindAsync(pod, token)).FirstOrDefault() is { } existing)
            {
                throw new CliException(ExitCodes.Failed, $"pod {pod.Namespace}/{pod.Name} already runs ({Output.Human.Short(existing.Id)}): remove it with 'criruntime play --down {file}' first");
            }
        }

        using var exits = await ContainerExitWatch.StartAsync(cli, token);
        var running = new List<RunningContainer>();
        foreach (var pod in manifest.Pods)
        {
            running.AddRange(await StartPodAsync(pod, manifest.ConfigMaps, exits, token));
        }

        if (options.Detach)
        {
            return ExitCodes.Success;
        }

        await SayAsync($"watching {running.Count} containers (restart policy per pod); Ctrl-C stops watching, the pods keep running: 'criruntime play --down {file}' removes them", token);
        return await SuperviseAsync(running, exits, token);
    }

    /// <summary>Stops and removes the sandboxes play made for the manifest's pods (found by label) and their volume directories.</summary>
    public async Task<int> DownAsync(PlayManifest manifest, CancellationToken token)
    {
        foreach (var pod in manifest.Pods)
        {
            var sandboxes = await FindAsync(pod, token);
            if (sandboxes.Count == 0)
            {
                await SayAsync($"pod {pod.Namespace}/{pod.Name}: nothing to remove", token);
            }

            foreach (var sandbox in sandboxes)
            {
                await RemoveSandboxAsync(sandbox.Id, sandbox.Annotations.GetValueOrDefault(PodTranslator.VolumesAnnotation), sandbox.Metadata.Uid, token);
                await SayAsync($"pod {pod.Namespace}/{pod.Name}: removed {sandbox.Id}", token);
            }
        }

        return ExitCodes.Success;
    }

    private async Task<IReadOnlyList<PodSandbox>> FindAsync(PlayPod pod, CancellationToken token)
    {
        var filter = new PodSandboxFilter();
        filter.LabelSelector[PodTranslator.NameLabel] = pod.Name;
        filter.LabelSelector[PodTranslator.NamespaceLabel] = pod.Namespace;
        return (await cli.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, deadline: cli.Deadline, cancellationToken: token)).Items;
    }

    private async Task<List<RunningContainer>> StartPodAsync(PlayPod pod, IReadOnlyDictionary<string, V1ConfigMap> configMaps, ContainerExitWatch exits, CancellationToken token)
    {
        foreach (var container in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).DistinctBy(c => (c.Image, PodTranslator.PullPolicy(c))))
        {
            await EnsureImageAsync(container, token);
        }

        var uid = Guid.NewGuid().ToString();
        var volumes = Path.Combine(options.StateDirectory, uid);
        var logs = Path.Combine(options.LogDirectory, $"{pod.Namespace}_{pod.Name}_{uid}");
        string? podId = null;
        try
        {
            var paths = PlayVolumes.Prepare(pod, configMaps, volumes);
            var sandbox = PodTranslator.Sandbox(pod, uid, logs, options.CgroupParent, volumes);
            podId = (await cli.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandbox }, deadline: cli.Deadline, cancellationToken: token)).PodSandboxId;
            var status = await cli.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = podId }, deadline: cli.Deadline, cancellationToken: token);
            var context = new PodContext(pod, uid, configMaps, paths, status.Status.Network?.Ip ?? "");
            var target = new PodTarget(podId, sandbox, context);
            foreach (var init in pod.Spec.InitContainers ?? [])
            {
                await RunInitAsync(target, init, exits, token);
            }

            var started = new List<RunningContainer>();
            foreach (var container in pod.Spec.Containers ?? [])
            {
                started.Add(new RunningContainer(target, container, await StartContainerAsync(target, container, 0, token)));
            }

            await SayAsync($"pod {pod.Namespace}/{pod.Name}: sandbox {podId}{(context.PodIp.Length > 0 ? ", IP " + context.PodIp : "")}, containers {string.Join(", ", started.Select(c => c.Container.Name))}, logs in {logs}", token);
            return started;
        }
        catch (Exception) when (podId is not null || Directory.Exists(volumes))
        {
            await RemoveSandboxAsync(podId, volumes, uid, CancellationToken.None);
            throw;
        }
    }

    private async Task RunInitAsync(PodTarget target, V1Container init, ContainerExitWatch exits, CancellationToken token)
    {
        for (var attempt = 0u; ; attempt++)
        {
            var id = await StartContainerAsync(target, init, attempt, token);
            await exits.WaitAsync(id, token);
            var code = await ExitCodeAsync(id, token);
            if (code == 0)
            {
                return;
            }

            var log = Path.Combine(target.Sandbox.LogDirectory, init.Name, $"{attempt}.log");
            if (target.Context.Pod.Spec.RestartPolicy == "Never")
            {
                throw new CliException(ExitCodes.Failed, $"pod {target.Context.Pod.Namespace}/{target.Context.Pod.Name}: init container {init.Name} exited with code {code} (restartPolicy Never; its log: {log}); the pod was removed");
            }

            var delay = Backoff((int)attempt);
            await SayAsync($"pod {target.Context.Pod.Name}: init container {init.Name} exited with code {code}; retrying in {PodTranslator.Seconds(delay)} (log: {log})", token);
            await cli.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, deadline: cli.Deadline, cancellationToken: token);
            await Task.Delay(delay, token);
        }
    }

    private async Task<string> StartContainerAsync(PodTarget target, V1Container container, uint attempt, CancellationToken token)
    {
        var id = await CreateContainerAsync(target, container, attempt, token);
        await cli.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: cli.Deadline, cancellationToken: token);
        return id;
    }

    private async Task<string> CreateContainerAsync(PodTarget target, V1Container container, uint attempt, CancellationToken token)
    {
        var config = PodTranslator.Container(container, target.Context, attempt);
        return (await cli.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = target.PodId, Config = config, SandboxConfig = target.Sandbox }, deadline: cli.Deadline, cancellationToken: token)).ContainerId;
    }

    /// <summary>Restarts containers as their pod's restart policy says until none is left to run or Ctrl-C.</summary>
    private async Task<int> SuperviseAsync(List<RunningContainer> running, ContainerExitWatch exits, CancellationToken token)
    {
        var live = new System.Collections.Concurrent.ConcurrentDictionary<string, RunningContainer>(running.ToDictionary(r => r.Id), StringComparer.Ordinal);
        var restarting = 0;
        var failed = false;
        var prober = new PlayProbes(cli, line => SayAsync(line, CancellationToken.None));
        var probing = new System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        foreach (var container in running)
        {
            Probe(container);
        }

        while (!live.IsEmpty || Volatile.Read(ref restarting) > 0)
        {
            // A restart in flight ends in a container that will stop in turn, or wakes this loop when it fails.
            var id = await exits.Stopped.ReadAsync(token);
            if (!live.TryRemove(id, out var container))
            {
                continue;
            }

            if (probing.TryRemove(id, out var probes))
            {
                await probes.CancelAsync();
                probes.Dispose();
            }

            var status = (await cli.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, deadline: cli.Deadline, cancellationToken: token)).Status;
            var policy = container.Target.Context.Pod.Spec.RestartPolicy ?? "Always";
            var name = $"pod {container.Target.Context.Pod.Name}: container {container.Container.Name}";
            if (policy == "Never" || (policy == "OnFailure" && status.ExitCode == 0))
            {
                failed |= status.ExitCode != 0;
                await SayAsync($"{name} exited with code {status.ExitCode} (restartPolicy {policy}: not restarted)", token);
                continue;
            }

            var ran = TimeSpan.FromTicks((status.FinishedAt - status.StartedAt) / 100);
            var count = ran >= BackoffReset ? 0 : container.Backoffs;
            var delay = Backoff(count);
            await SayAsync($"{name} exited with code {status.ExitCode}; restarting in {PodTranslator.Seconds(delay)} (restart {container.Restarts + 1})", token);
            Interlocked.Increment(ref restarting);
            _ = Task.Run(() => RestartAsync(container, id, count, delay), CancellationToken.None);
        }

        return failed ? ExitCodes.Failed : ExitCodes.Success;

        void Probe(RunningContainer container)
        {
            var spec = container.Container;
            if (spec.LivenessProbe is null && spec.ReadinessProbe is null && spec.StartupProbe is null)
            {
                return;
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            probing[container.Id] = stop;
            var pod = container.Target.Context.Pod;
            _ = prober.RunAsync(spec, container.Id, container.Target.Context.PodIp, pod.Spec.TerminationGracePeriodSeconds ?? 30, $"pod {pod.Name}: container {spec.Name}", stop.Token);
        }

        async Task RestartAsync(RunningContainer container, string id, int count, TimeSpan delay)
        {
            string? newId = null;
            try
            {
                await Task.Delay(delay, token);
                await cli.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, deadline: cli.Deadline, cancellationToken: token);
                // Watched before it starts: a container that exits at once must not stop unnoticed.
                newId = await CreateContainerAsync(container.Target, container.Container, (uint)(container.Restarts + 1), token);
                var restarted = container with { Id = newId, Restarts = container.Restarts + 1, Backoffs = count + 1 };
                live[newId] = restarted;
                await cli.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = newId }, deadline: cli.Deadline, cancellationToken: token);
                Probe(restarted);
            }
            catch (Exception e) when (e is RpcException or IOException)
            {
                failed = true;
                if (newId is not null)
                {
                    live.TryRemove(newId, out _);
                }

                await SayAsync($"pod {container.Target.Context.Pod.Name}: container {container.Container.Name} could not be restarted: {e.Message}", CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref restarting);
                exits.Wake();
            }
        }
    }

    private TimeSpan Backoff(int restarts) => TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, options.Backoff.Ticks << Math.Min(restarts, 20)));

    private async Task<int> ExitCodeAsync(string id, CancellationToken token) =>
        (await cli.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, deadline: cli.Deadline, cancellationToken: token)).Status.ExitCode;

    private async Task EnsureImageAsync(V1Container container, CancellationToken token)
    {
        var policy = PodTranslator.PullPolicy(container);
        var spec = new ImageSpec { Image = container.Image };
        if (policy != "Always")
        {
            var present = (await cli.Images.ImageStatusAsync(new ImageStatusRequest { Image = spec }, deadline: cli.Deadline, cancellationToken: token)).Image is not null;
            if (present)
            {
                return;
            }

            if (policy == "Never")
            {
                throw new CliException(ExitCodes.NotFound, $"container {container.Name}: image {container.Image} is not in the runtime's store and imagePullPolicy is Never: 'criruntime pull {container.Image}' or 'criruntime images import FILE' first");
            }
        }

        await SayAsync($"pulling {container.Image} (imagePullPolicy {policy})", token);
        await Commands.ImageCommands.PullWithProgressAsync(cli, new PullImageRequest { Image = spec }, token);
    }

    /// <summary>Stops and removes a sandbox (with its containers) and the volume directory play made for it, if any.</summary>
    private async Task RemoveSandboxAsync(string? podId, string? volumes, string uid, CancellationToken token)
    {
        if (podId is not null)
        {
            try
            {
                await cli.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podId }, deadline: cli.Deadline, cancellationToken: token);
                await cli.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId }, deadline: cli.Deadline, cancellationToken: token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
            }
        }

        // Only a directory named after the pod's uid, as play makes them: never a path an annotation could point anywhere.
        if (volumes is { Length: > 0 } && Path.GetFileName(volumes) == uid && uid.Length > 0 && Directory.Exists(volumes))
        {
            Directory.Delete(volumes, recursive: true);
        }
    }

    private async Task SayAsync(string line, CancellationToken token)
    {
        await _output.WaitAsync(token);
        try
        {
            await cli.Out.WriteLineAsync(line);
            await cli.Out.FlushAsync(token);
        }
        finally
        {
            _output.Release();
        }
    }

    private sealed record PodTarget(string PodId, PodSandboxConfig Sandbox, PodContext Context);

    /// <param name="Restarts">Restarts so far (the next container's attempt number).</param>
    /// <param name="Backoffs">Restarts since the back-off was last reset (it doubles the delay each time).</param>
    private sealed record RunningContainer(PodTarget Target, V1Container Container, string Id, int Restarts = 0, int Backoffs = 0);
}
