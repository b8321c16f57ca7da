using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using k8s;
using k8s.Models;
using Runtime.V1;

namespace CriRuntime.Cli.Play;

/// <summary>
/// A container's probes, as the kubelet's prober runs them: exec (ExecSync, success on exit 0), httpGet (HTTP GET to the
/// pod's IP, success on 200-399) and tcpSocket (a connection opens). The startup probe runs first; until it succeeds
/// nothing else is probed, and when it fails <c>failureThreshold</c> times in a row the container is stopped, as it is
/// when the liveness probe fails so; the restart policy then decides. Readiness changes are reported.
/// </summary>
internal sealed class PlayProbes(CliContext cli, Func<string, Task> say)
{
    private static readonly HttpClient Http = new();

    /// <summary>Probes <paramref name="id"/> until <paramref name="token"/> is cancelled (the container stopped).</summary>
    public async Task RunAsync(V1Container container, string id, string podIp, long graceSeconds, string name, CancellationToken token)
    {
        try
        {
            if (container.StartupProbe is { } startup && !await UntilAsync(startup, container, id, podIp, success: true, token))
            {
                await KillAsync(id, graceSeconds, $"{name}: startup probe failed {startup.FailureThreshold ?? 3} times: stopping it", token);
                return;
            }

            await Task.WhenAll(
                container.LivenessProbe is { } liveness ? LivenessAsync(liveness) : Task.CompletedTask,
                container.ReadinessProbe is { } readiness ? ReadinessAsync(readiness) : Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }

        async Task LivenessAsync(V1Probe probe)
        {
            if (!await UntilAsync(probe, container, id, podIp, success: false, token))
            {
                await KillAsync(id, graceSeconds, $"{name}: liveness probe failed {probe.FailureThreshold ?? 3} times: stopping it", token);
            }
        }

        async Task ReadinessAsync(V1Probe probe)
        {
            await Task.Delay(TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), token);
            bool? ready = null;
            var (successes, failures) = (0, 0);
            while (true)
            {
                var ok = await CheckAsync(probe, container, id, podIp, token);
                (successes, failures) = ok ? (successes + 1, 0) : (0, failures + 1);
                if (ready != true && successes >= (probe.SuccessThreshold ?? 1))
                {
                    ready = true;
                    await say($"{name}: ready");
                }
                else if (ready != false && failures >= (probe.FailureThreshold ?? 3))
                {
                    ready = false;
                    await say($"{name}: not ready (readiness probe failed {failures} times)");
                }

                await Task.Delay(TimeSpan.FromSeconds(probe.PeriodSeconds ?? 10), token);
            }
        }
    }

    /// <summary>
    /// Probes every period after the initial delay. With <paramref name="success"/> true (startup) returns true at the
    /// first success; in both modes returns false after <c>failureThreshold</c> failures in a row.
    /// </summary>
    private async Task<bool> UntilAsync(V1Probe probe, V1Container container, string id, string podIp, bool success, CancellationToken token)
    {
        await Task.Delay(TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), token);
        var failures = 0;
        while (true)
        {
            if (await CheckAsync(probe, container, id, podIp, token))
            {
                if (success)
                {
                    return true;
                }

                failures = 0;
            }
            else if (++failures >= (probe.FailureThreshold ?? 3))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(probe.PeriodSeconds ?? 10), token);
        }
    }

    /// <summary>One probe; false on any failure, including a timeout of <c>timeoutSeconds</c> (default 1).</summary>
    public async Task<bool> CheckAsync(V1Probe probe, V1Container container, string id, string podIp, CancellationToken token)
    {
        var seconds = Math.Max(1, probe.TimeoutSeconds ?? 1);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            if (probe.Exec is { } exec)
            {
                var request = new ExecSyncRequest { ContainerId = id, Timeout = seconds };
                request.Cmd.AddRange(exec.Command ?? []);
                return (await cli.Runtime.ExecSyncAsync(request, deadline: DateTime.UtcNow.AddSeconds(seconds + 5), cancellationToken: token)).ExitCode == 0;
            }

            if (probe.HttpGet is { } http)
            {
                var path = http.Path is { Length: > 0 } p ? (p.StartsWith('/') ? p : "/" + p) : "/";
                var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{Host(http.Host, podIp)}:{Port(http.Port, container)}{path}"));
                using var response = await Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                return (int)response.StatusCode is >= 200 and < 400;
            }

            if (probe.TcpSocket is { } tcp)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Host(tcp.Host, podIp), Port(tcp.Port, container), timeout.Token);
                return true;
            }
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or SocketException or IOException
            || (e is OperationCanceledException && !token.IsCancellationRequested))
        {
        }

        return false;
    }

    /// <summary>A probe's port: a number, or the name of one of the container's ports.</summary>
    public static int Port(IntOrString? port, V1Container container)
    {
        var text = KubernetesJson.Serialize(port).Trim('"');
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort
                ?? throw CliException.Usage($"container {container.Name}: probe port \"{text}\" names no port of the container");
    }

    private static string Host(string? host, string podIp) => host is { Length: > 0 } ? host : podIp.Length > 0 ? podIp : "127.0.0.1";

    private async Task KillAsync(string id, long graceSeconds, string message, CancellationToken token)
    {
        await say(message);
        await cli.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = graceSeconds }, deadline: DateTime.UtcNow.AddSeconds(graceSeconds + 30), cancellationToken: token);
    }
}
