using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CriRuntime.Cli.Tests.Fixtures;
using CriRuntime.Integration.Tests.Daemon;

namespace CriRuntime.Cli.Tests.Deploy;

[Collection(CliDaemonCollection.Name)]
public sealed class RuntimeClassTests(CliDaemon fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cli-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_dry_run_prints_one_RuntimeClass_per_named_handler()
    {
        var printed = await fixture.RunAsync("deploy", "runtimeclasses", "--dry-run");
        Assert.True(printed.Code == 0, printed.ToString());
        var documents = printed.Out.Split("---\n");
        Assert.Equal(["crun", "runc"], documents.Select(d => Value(d, "handler")).Order(StringComparer.Ordinal));
        Assert.All(documents, d => Assert.Contains("kind: RuntimeClass", d, StringComparison.Ordinal));
        Assert.All(documents, d => Assert.Equal(Value(d, "handler"), Value(d, "name")));
        // What kubectl apply -f - reads: a YAML stream whose separators start their own lines.
        var parsed = k8s.KubernetesYaml.LoadAllFromString(printed.Out);
        Assert.Equal(["crun", "runc"], parsed.Cast<k8s.Models.V1RuntimeClass>().Select(c => c.Handler).Order(StringComparer.Ordinal));
        Assert.EndsWith("\n", printed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeClasses_are_created_then_left_unchanged_against_a_small_API_server()
    {
        using var api = new FakeApiServer();
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: http://127.0.0.1:{api.Port}
            users:
            - name: test
              user:
                token: test-token
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            """);

        var first = await fixture.RunAsync("deploy", "runtimeclasses", "--kubeconfig", kubeconfig);
        Assert.True(first.Code == 0, first.ToString() + string.Join("\n", api.Requests));
        Assert.Contains("runtimeclass.node.k8s.io/runc created", first.Out, StringComparison.Ordinal);
        Assert.Contains("runtimeclass.node.k8s.io/crun created", first.Out, StringComparison.Ordinal);
        Assert.Equal("runc", api.Objects["runc"]["handler"]!.GetValue<string>());
        Assert.Equal("criruntime", api.Objects["runc"]["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Contains("POST /apis/node.k8s.io/v1/runtimeclasses Bearer test-token", api.Requests);

        var second = await fixture.RunAsync("deploy", "runtimeclasses", "--kubeconfig", kubeconfig);
        Assert.True(second.Code == 0, second.ToString());
        Assert.Contains("runtimeclass.node.k8s.io/runc unchanged", second.Out, StringComparison.Ordinal);

        var missing = await fixture.RunAsync("deploy", "runtimeclasses", "--kubeconfig", Path.Combine(_dir, "none"));
        Assert.Equal(ExitCodes.Usage, missing.Code);
        Assert.Contains("--dry-run", missing.Error, StringComparison.Ordinal);
    }

    private static string Value(string yaml, string key) =>
        yaml.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    /// <summary>The three calls on RuntimeClasses the command makes: get, create, replace; objects kept in memory.</summary>
    private sealed class FakeApiServer : IDisposable
    {
        private const string Prefix = "/apis/node.k8s.io/v1/runtimeclasses";
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();

        public FakeApiServer()
        {
            Port = DaemonProcess.FreeTcpPort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public ConcurrentDictionary<string, JsonNode> Objects { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Requests { get; } = new();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                await HandleAsync(context);
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            var request = context.Request;
            var path = request.Url!.AbsolutePath;
            Requests.Enqueue($"{request.HttpMethod} {path} {request.Headers["Authorization"]}");
            var name = path.StartsWith(Prefix + "/", StringComparison.Ordinal) ? path[(Prefix.Length + 1)..] : null;
            JsonNode? body = request.HasEntityBody ? JsonNode.Parse(await new StreamReader(request.InputStream).ReadToEndAsync()) : null;
            var (code, answer) = (request.HttpMethod, name) switch
            {
                ("GET", { } n) when Objects.TryGetValue(n, out var o) => (200, o),
                ("GET", { }) => (404, Status(404, "NotFound")),
                ("POST", null) when body is not null => Store(body, 201),
                ("PUT", { } n) when body is not null && Objects.ContainsKey(n) => Store(body, 200),
                _ => (400, Status(400, "BadRequest")),
            };
            context.Response.StatusCode = code;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }

        private (int, JsonNode) Store(JsonNode body, int code)
        {
            var name = body["metadata"]!["name"]!.GetValue<string>();
            body["metadata"]!["resourceVersion"] = $"{Environment.TickCount64}";
            Objects[name] = body;
            return (code, body.DeepClone());
        }

        private static JsonNode Status(int code, string reason) =>
            new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["code"] = code };
    }
}
