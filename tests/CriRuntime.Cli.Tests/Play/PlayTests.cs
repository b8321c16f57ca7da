using System.Globalization;
using System.Net.Http;
using CriRuntime.Cli.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Play;

[Collection(CliDaemonCollection.Name)]
public sealed class PlayTests(CliDaemon fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cli-play-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_pod_with_an_init_container_a_host_port_and_shared_volumes_serves_and_down_leaves_nothing()
    {
        var hostPort = Random.Shared.Next(31000, 32000);
        var manifest = await WriteAsync("web.yaml", $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-config}
            data:
              GREETING: hello from play
              index.html: <html>served by play</html>
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              initContainers:
              - name: prepare
                image: {{{fixture.Image}}}
                command: [sh, -c, 'echo "$GREETING: $(POD_NAME) in $POD_NAMESPACE" > /work/greeting.txt && cp /config/index.html /work/']
                env:
                - {name: GREETING, valueFrom: {configMapKeyRef: {name: web-config, key: GREETING} } }
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name} } }
                - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace} } }
                volumeMounts:
                - {name: work, mountPath: /work}
                - {name: config, mountPath: /config}
              containers:
              - name: server
                image: {{{fixture.Image}}}
                command: [httpd, -f, -p, "8080", -h, /work]
                ports: [{containerPort: 8080, hostPort: {{{hostPort}}} }]
                volumeMounts: [{name: work, mountPath: /work}]
              - name: sidecar
                image: {{{fixture.Image}}}
                imagePullPolicy: Never
                command: [sh, -c, 'echo "ip=$POD_IP" > /work/sidecar.txt && exec sleep 3600']
                env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP} } }]
                volumeMounts: [{name: work, mountPath: /work}]
              volumes:
              - {name: work, emptyDir: {}}
              - {name: config, configMap: {name: web-config}}
            """);

        var up = await PlayAsync("-d", manifest);
        Assert.True(up.Code == 0, up.ToString());
        Assert.Matches(@"pod default/web: sandbox [0-9a-f]{64}, IP 10\.250\.\d+\.\d+, containers server, sidecar", up.Out);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var site = new Uri($"http://{fixture.Network.Gateway}:{hostPort.ToString(CultureInfo.InvariantCulture)}/");
        Assert.Equal("hello from play: web in default\n", await RetryAsync(() => http.GetStringAsync(new Uri(site, "greeting.txt"))));
        Assert.Equal("<html>served by play</html>", await http.GetStringAsync(new Uri(site, "index.html")));
        Assert.Matches(@"^ip=10\.250\.\d+\.\d+\n$", await RetryAsync(() => http.GetStringAsync(new Uri(site, "sidecar.txt"))));

        var containers = (await fixture.RunAsync("ps", "-a", "--label", "play.criruntime.io/name=web")).Out;
        Assert.Matches(@"(?m)^\w{13}\s+.*\bExited\s+prepare\s", containers);
        Assert.Equal(2, (await fixture.RunAsync("ps", "--label", "play.criruntime.io/name=web", "-q")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Single(Directory.GetDirectories(Path.Combine(_dir, "state")));

        var again = await PlayAsync("-d", manifest);
        Assert.Equal(ExitCodes.Failed, again.Code);
        Assert.Contains($"play --down {manifest}", again.Error, StringComparison.Ordinal);

        var down = await PlayAsync("--down", manifest);
        Assert.True(down.Code == 0, down.ToString());
        Assert.Matches(@"pod default/web: removed [0-9a-f]{64}", down.Out);
        Assert.Equal("", (await fixture.RunAsync("pods", "-q", "--label", "play.criruntime.io/name=web")).Out);
        Assert.Equal("", (await fixture.RunAsync("ps", "-a", "-q", "--label", "play.criruntime.io/name=web")).Out);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir, "state")));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(site, "greeting.txt")));
        Assert.Contains("nothing to remove", (await PlayAsync("--down", manifest)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_the_foreground_a_failed_container_is_restarted_with_back_off_until_it_succeeds()
    {
        var manifest = await WriteAsync("retry.yaml", $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: retry}
            spec:
              restartPolicy: OnFailure
              containers:
              - name: flaky
                image: {{{fixture.Image}}}
                command: [sh, -c, 'if [ -e /work/ran ]; then echo second; exit 0; fi; touch /work/ran; echo first; exit 3']
                volumeMounts: [{name: work, mountPath: /work}]
              volumes: [{name: work, emptyDir: {}}]
            """);

        // In the foreground play returns by itself once nothing is left to run; a hang ends as interrupted (130).
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var played = await CliDaemon.RunAtAsync(fixture.Endpoint, [.. PlayArguments(), "--backoff", "0.5", manifest], limit.Token);
        Assert.True(played.Code == 0, played.ToString());
        Assert.Contains("pod retry: container flaky exited with code 3; restarting in 0s (restart 1)", played.Out, StringComparison.Ordinal);
        Assert.Contains("pod retry: container flaky exited with code 0 (restartPolicy OnFailure: not restarted)", played.Out, StringComparison.Ordinal);
        var logs = Directory.GetFiles(Path.Combine(_dir, "logs"), "*.log", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["0.log", "1.log"], logs);

        Assert.Equal(0, (await PlayAsync("--down", manifest)).Code);
    }

    [Fact]
    public async Task Probes_run_in_the_foreground_and_a_failed_liveness_probe_restarts_the_container()
    {
        var manifest = await WriteAsync("probed.yaml", $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: probes}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: web
                image: {{{fixture.Image}}}
                command: [sh, -c, 'touch /tmp/alive && mkdir -p /www && echo ok > /www/healthz && exec httpd -f -p 8080 -h /www']
                ports: [{name: http, containerPort: 8080}]
                startupProbe: {tcpSocket: {port: 8080}, periodSeconds: 1, failureThreshold: 30}
                readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 1}
                livenessProbe: {exec: {command: [test, -e, /tmp/alive]}, periodSeconds: 1, failureThreshold: 2}
            """);

        using var stop = new CancellationTokenSource();
        var play = fixture.Start([.. PlayArguments(), "--backoff", "0.5", manifest], stop.Token);
        try
        {
            await play.WaitForAsync((o, _) => o.Contains("pod probes: container web: ready", StringComparison.Ordinal));
            var removed = await fixture.RunAsync("exec", "web", "rm", "/tmp/alive");
            Assert.True(removed.Code == 0, removed.ToString());
            await play.WaitForAsync((o, _) => o.Contains("pod probes: container web: liveness probe failed 2 times: stopping it", StringComparison.Ordinal));
            await play.WaitForAsync((o, _) => o.Contains("restarting in 0s (restart 1)", StringComparison.Ordinal));
            // The new container is probed afresh: ready again.
            await play.WaitForAsync((o, _) => o.Split("container web: ready").Length == 3);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(ExitCodes.Interrupted, await play.Exit.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(ExitCodes.Usage, (await PlayAsync("-d", manifest)).Code);
        Assert.Equal(0, (await PlayAsync("--down", manifest)).Code);
    }

    [Fact]
    public async Task A_failing_init_container_with_restart_policy_never_removes_the_pod_and_says_why()
    {
        var manifest = await WriteAsync("init.yaml", $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: broken-init}
            spec:
              restartPolicy: Never
              initContainers: [{name: setup, image: "{{{fixture.Image}}}", command: [sh, -c, "echo setting up; exit 7"]}]
              containers: [{name: app, image: "{{{fixture.Image}}}", command: [sleep, "600"]}]
            """);

        var played = await PlayAsync("-d", manifest);
        Assert.Equal(ExitCodes.Failed, played.Code);
        Assert.Contains("init container setup exited with code 7", played.Error, StringComparison.Ordinal);
        Assert.Equal("", (await fixture.RunAsync("pods", "-q", "--label", "play.criruntime.io/name=broken-init")).Out);
        var log = Directory.GetFiles(Path.Combine(_dir, "logs"), "0.log", SearchOption.AllDirectories).Single();
        Assert.Contains("setting up", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_with_unsupported_fields_is_refused_before_anything_runs()
    {
        var manifest = await WriteAsync("probe.yaml", $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: probed}
            spec:
              nodeName: elsewhere
              containers:
              - name: c
                image: {{{fixture.Image}}}
                livenessProbe: {grpc: {port: 9000}}
            """);

        var played = await PlayAsync("-d", manifest);
        Assert.Equal(ExitCodes.Usage, played.Code);
        Assert.Contains("Pod probed: spec.nodeName is not supported by criruntime play", played.Error, StringComparison.Ordinal);
        Assert.Contains("Pod probed: spec.containers[0].livenessProbe.grpc is not supported by criruntime play", played.Error, StringComparison.Ordinal);
        Assert.Equal("", (await fixture.RunAsync("pods", "-q", "--label", "play.criruntime.io/name=probed")).Out);
    }

    private Task<CliResult> PlayAsync(params string[] args) => fixture.RunAsync([.. PlayArguments(), .. args]);

    private string[] PlayArguments() => ["play", "--state-dir", Path.Combine(_dir, "state"), "--log-dir", Path.Combine(_dir, "logs"), "--cgroup-parent", CliDaemon.CgroupParent];

    private async Task<string> WriteAsync(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    private static async Task<string> RetryAsync(Func<Task<string>> get)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await get();
            }
            catch (HttpRequestException) when (i < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
