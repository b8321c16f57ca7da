using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CriRuntime.Conformance.Running;
using CriRuntime.TestSupport;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Conformance.Reliability;

/// <summary>
/// Kills criruntimed with SIGKILL at random points of a mixed workload (pulls, pods with CNI, create, start, exec,
/// stop, remove, a container logging a counter), restarts it each time and checks what it reports against what it
/// acknowledged; at the end removes everything and looks for leftovers on the host. Prints
/// <c>kills: N, lost: L, leaked: K</c>. Run through conformance/reliability.sh crash.
/// </summary>
internal sealed partial class CrashHarness(HarnessOptions options, TextWriter output)
{
    private readonly Ledger _ledger = new();
    private readonly List<string> _findings = [];
    private readonly Random _random = new(options.Seed);
    private Process? _daemon;
    private SuiteImages _images = null!;
    private string _counterId = "";
    private string _counterLog = "";

    public async Task<int> RunAsync()
    {
        try
        {
            return await RunKillsAsync();
        }
        finally
        {
            // reliability.sh stops whichever daemon is running at the end, even when the harness failed.
            if (_daemon is { HasExited: false } daemon)
            {
                await File.WriteAllTextAsync(Path.Combine(options.Dir, "harness.pid"), daemon.Id.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private async Task<int> RunKillsAsync()
    {
        if (options.InitialPid > 0)
        {
            Kill(options.InitialPid, 15);
        }

        await StartDaemonAsync();
        using var images = _images = await SuiteImages.PrepareAsync(options.Registry);
        using (var channel = CriChannels.Open("unix://" + options.Socket))
        {
            var cri = new RuntimeService.RuntimeServiceClient(channel);
            await new ImageService.ImageServiceClient(channel).PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = images.Busybox } });
            (_counterId, _counterLog) = await StartCounterAsync(cri);
        }

        var lost = 0;
        for (var kill = 1; kill <= options.Kills; kill++)
        {
            using (var channel = CriChannels.Open("unix://" + options.Socket))
            {
                using var stop = new CancellationTokenSource();
                var workload = WorkloadAsync(channel, kill, stop.Token);
                await Task.Delay(_random.Next(20, 1500));
                Kill(_daemon!.Id, 9);
                await _daemon.WaitForExitAsync();
                await stop.CancelAsync();
                await workload;
            }

            await StartDaemonAsync();
            using (var channel = CriChannels.Open("unix://" + options.Socket))
            {
                lost += await CheckAsync(channel, kill);
            }

            if (kill % 10 == 0)
            {
                await output.WriteLineAsync($"after {kill} kills: lost {lost}");
            }
        }

        int leaked;
        using (var channel = CriChannels.Open("unix://" + options.Socket))
        {
            leaked = await CleanUpAndCountLeftoversAsync(channel);
        }

        foreach (var finding in _findings)
        {
            await output.WriteLineAsync(finding);
        }

        await output.WriteLineAsync($"kills: {options.Kills}, lost: {lost}, leaked: {leaked}");
        return lost == 0 && leaked == 0 ? 0 : 1;
    }

    /// <summary>Pod after pod: run (CNI), create, start, exec, stop, remove, recording each call in the ledger.</summary>
    private async Task WorkloadAsync(Grpc.Net.Client.GrpcChannel channel, int round, CancellationToken cancellationToken)
    {
        var cri = new RuntimeService.RuntimeServiceClient(channel);
        var images = new ImageService.ImageServiceClient(channel);
        try
        {
            for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
            {
                await images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = i % 2 == 0 ? _images.Busybox : _images.BusyboxOther } });
                var podConfig = PodConfig($"w{round}-{i}");
                var pod = (await cri.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
                _ledger.Acknowledged(pod, "ready");
                var config = new ContainerConfig
                {
                    Metadata = new ContainerMetadata { Name = "c" },
                    Image = new ImageSpec { Image = _images.Busybox },
                    Command = { "sh", "-c", "echo started; trap 'exit 0' TERM; sleep 3600 & wait" },
                    LogPath = "c.log",
                };
                var id = (await cri.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
                _ledger.Acknowledged(id, "created");
                _ledger.Sent(id, "running");
                await cri.StartContainerAsync(new StartContainerRequest { ContainerId = id });
                _ledger.Acknowledged(id, "running");
                await cri.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "true" }, Timeout = 10 });
                _ledger.Sent(id, "exited");
                await cri.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 5 });
                _ledger.Acknowledged(id, "exited");
                _ledger.Sent(id, Ledger.Removed);
                await cri.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
                _ledger.Acknowledged(id, Ledger.Removed);
                _ledger.Sent(pod, "notready");
                await cri.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod });
                _ledger.Acknowledged(pod, "notready");
                _ledger.Sent(pod, Ledger.Removed);
                await cri.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
                _ledger.Acknowledged(pod, Ledger.Removed);
            }
        }
        catch (RpcException)
        {
            // The daemon died under the call: what it acknowledged so far is in the ledger.
        }
    }

    /// <summary>Compares what the restarted daemon lists with the ledger; returns the number of lost objects.</summary>
    private async Task<int> CheckAsync(Grpc.Net.Client.GrpcChannel channel, int round)
    {
        var cri = new RuntimeService.RuntimeServiceClient(channel);
        var lost = 0;
        var pods = (await cri.ListPodSandboxAsync(new ListPodSandboxRequest())).Items.ToDictionary(p => p.Id, p => p.State == PodSandboxState.SandboxReady ? "ready" : "notready", StringComparer.Ordinal);
        var containers = (await cri.ListContainersAsync(new ListContainersRequest())).Containers.ToDictionary(c => c.Id, c => StateName(c.State), StringComparer.Ordinal);
        foreach (var id in _ledger.Ids.Concat(pods.Keys).Concat(containers.Keys).Distinct(StringComparer.Ordinal))
        {
            var observed = pods.GetValueOrDefault(id) ?? containers.GetValueOrDefault(id) ?? Ledger.Removed;
            var allowed = _ledger.Allowed(id);
            var known = _ledger.Ids.Contains(id);
            if (known && !allowed.Contains(observed))
            {
                lost++;
                _findings.Add($"round {round}: {Short(id)} is {observed}, acknowledged as {string.Join(" or ", allowed)}");
            }

            if (observed != Ledger.Removed && !await IsWholeAsync(cri, id, pods.ContainsKey(id)))
            {
                lost++;
                _findings.Add($"round {round}: {Short(id)} is listed but half-created");
            }

            _ledger.Settle(id, observed);
        }

        if (containers.GetValueOrDefault(_counterId) != "running")
        {
            lost++;
            _findings.Add($"round {round}: the counter container is {containers.GetValueOrDefault(_counterId) ?? "gone"}");
        }

        var ticks = (await File.ReadAllLinesAsync(_counterLog)).Select(l => TickLine().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < ticks.Count; i++)
        {
            if (ticks[i] != ticks[i - 1] + 1)
            {
                lost++;
                _findings.Add($"round {round}: the counter's log jumps from {ticks[i - 1]} to {ticks[i]}");
                break;
            }
        }

        return lost;
    }

    /// <summary>A listed object answers its status call; a ready sandbox has its pod IP.</summary>
    private static async Task<bool> IsWholeAsync(RuntimeService.RuntimeServiceClient cri, string id, bool sandbox)
    {
        try
        {
            if (sandbox)
            {
                var status = (await cri.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id })).Status;
                return status.State != PodSandboxState.SandboxReady || status.Network?.Ip.Length > 0;
            }

            await cri.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id });
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private async Task<(string Id, string Log)> StartCounterAsync(RuntimeService.RuntimeServiceClient cri)
    {
        var podConfig = PodConfig("counter");
        var pod = (await cri.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        _ledger.Acknowledged(pod, "ready");
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "counter" },
            Image = new ImageSpec { Image = _images.Busybox },
            Command = { "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done" },
            LogPath = "counter.log",
        };
        var id = (await cri.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await cri.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        _ledger.Acknowledged(id, "running");
        return (id, Path.Combine(podConfig.LogDirectory, "counter.log"));
    }

    private PodSandboxConfig PodConfig(string name) => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "crash-harness", Uid = Guid.NewGuid().ToString("N") },
        Hostname = name,
        LogDirectory = Path.Combine(options.Dir, "logs", name),
        Linux = new LinuxPodSandboxConfig
        {
            SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod } },
        },
    };

    private async Task StartDaemonAsync()
    {
        var info = new ProcessStartInfo(options.Daemon) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--config", options.Config, "--listen", options.Socket })
        {
            info.ArgumentList.Add(arg);
        }

        _daemon = Process.Start(info) ?? throw new InvalidOperationException("criruntimed did not start");
        var log = Path.Combine(options.Dir, "daemon.log");
        _daemon.OutputDataReceived += (_, e) => Append(log, e.Data);
        _daemon.ErrorDataReceived += (_, e) => Append(log, e.Data);
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        // Serving means recovery is done (until then the daemon answers Unavailable). A loaded machine is slow to start.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (_daemon.HasExited)
            {
                throw new InvalidOperationException($"criruntimed exited with code {_daemon.ExitCode} while starting; see {log}");
            }

            try
            {
                using var channel = CriChannels.Open("unix://" + options.Socket);
                await new RuntimeService.RuntimeServiceClient(channel).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static readonly Lock LogLock = new();

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (LogLock)
            {
                File.AppendAllText(path, line + "\n");
            }
        }
    }

    private static void Kill(int pid, int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static string StateName(ContainerState state) => state switch
    {
        ContainerState.ContainerCreated => "created",
        ContainerState.ContainerRunning => "running",
        ContainerState.ContainerExited => "exited",
        _ => "unknown",
    };

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    [GeneratedRegex(@" stdout F tick (\d+)$")]
    private static partial Regex TickLine();
}
