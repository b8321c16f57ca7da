using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CriRuntime.Integration.Tests.Fixtures;

/// <summary>What the proxy does to the traffic it forwards.</summary>
public enum Fault
{
    None,
    ServerErrorOnBlobs,
    TruncateBlobs,
    CorruptBlobs,
    StallBlobs,
    MalformedManifests,
    RedirectBlobsElsewhere,

    /// <summary>Blobs are sent in 16 KiB chunks 50 ms apart (about 320 KB/s), so a pull's progress can be watched.</summary>
    ThrottleBlobs,
}

/// <summary>
/// An HTTP proxy in front of a registry for the tests: injects faults, can demand bearer tokens from its own
/// token endpoint (optionally checking basic credentials there), and can redirect blob downloads to a second
/// listener on another port (another origin) that records whether an Authorization header reached it.
/// </summary>
public sealed class RegistryProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpListener _storage = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly Uri _registry;
    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    public RegistryProxy(Uri registry)
    {
        _registry = registry;
        Port = RegistryProcess.FreePort();
        StoragePort = RegistryProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _storage.Prefixes.Add($"http://127.0.0.1:{StoragePort}/");
        _listener.Start();
        _storage.Start();
        _ = Task.Run(() => ServeAsync(_listener, HandleAsync));
        _ = Task.Run(() => ServeAsync(_storage, HandleStorageAsync));
    }

    public int Port { get; }

    public int StoragePort { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Fault Fault { get; set; }

    /// <summary>Demand a bearer token from /token.</summary>
    public bool RequireToken { get; set; }

    /// <summary>When set, /token demands these basic credentials.</summary>
    public (string User, string Password)? TokenCredentials { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> TokenScopes { get; } = new();

    /// <summary>Authorization headers seen by the other-origin storage listener (empty string for none).</summary>
    public ConcurrentQueue<string> StorageAuthorization { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _storage.Close();
        _upstream.Dispose();
    }

    private async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await handle(context);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException or HttpRequestException)
                {
                    try
                    {
                        context.Response.Abort();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            });
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        var authorization = request.Headers["Authorization"] ?? "";
        Requests.Enqueue($"{request.HttpMethod} {path} {authorization.Split(' ')[0]}");
        if (path == "/token")
        {
            await IssueTokenAsync(context);
            return;
        }

        if (RequireToken && !(authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.ContainsKey(authorization[7..])))
        {
            var parts = path.Split('/');
            var repository = parts.Length > 4 ? string.Join('/', parts[2..^2]) : "";
            context.Response.StatusCode = 401;
            context.Response.AddHeader("WWW-Authenticate", $"Bearer realm=\"http://127.0.0.1:{Port}/token\",service=\"test-registry\",scope=\"repository:{repository}:pull\"");
            context.Response.Close();
            return;
        }

        var isBlob = path.Contains("/blobs/", StringComparison.Ordinal);
        var isManifest = path.Contains("/manifests/", StringComparison.Ordinal);
        switch (Fault)
        {
            case Fault.ServerErrorOnBlobs when isBlob:
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            case Fault.MalformedManifests when isManifest:
                var garbage = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"digest\":\"sha256:zz\"},\"layers\":[{"u8.ToArray();
                context.Response.ContentType = "application/vnd.oci.image.manifest.v1+json";
                context.Response.ContentLength64 = garbage.Length;
                await context.Response.OutputStream.WriteAsync(garbage);
                context.Response.Close();
                return;
            case Fault.RedirectBlobsElsewhere when isBlob:
                context.Response.StatusCode = 307;
                context.Response.RedirectLocation = $"http://127.0.0.1:{StoragePort}{path}";
                context.Response.Close();
                return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_registry, request.Url.PathAndQuery));
        foreach (var accept in request.AcceptTypes ?? [])
        {
            forward.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        var body = await response.Content.ReadAsByteArrayAsync(_stop.Token);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var digests))
        {
            context.Response.AddHeader("Docker-Content-Digest", digests.First());
        }

        if (response.Headers.Location is { } location)
        {
            context.Response.RedirectLocation = location.ToString();
        }

        if (isBlob && response.IsSuccessStatusCode && request.HttpMethod == "GET")
        {
            switch (Fault)
            {
                case Fault.TruncateBlobs:
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                    await context.Response.OutputStream.FlushAsync();
                    context.Response.Abort();
                    return;
                case Fault.CorruptBlobs:
                    body = (byte[])body.Clone();
                    body[body.Length / 2] ^= 0xff;
                    break;
                case Fault.ThrottleBlobs:
                    context.Response.ContentLength64 = body.Length;
                    for (var offset = 0; offset < body.Length; offset += 16 * 1024)
                    {
                        await context.Response.OutputStream.WriteAsync(body.AsMemory(offset, Math.Min(16 * 1024, body.Length - offset)), _stop.Token);
                        await context.Response.OutputStream.FlushAsync(_stop.Token);
                        await Task.Delay(50, _stop.Token);
                    }

                    context.Response.Close();
                    return;
                case Fault.StallBlobs:
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body.AsMemory(0, Math.Min(10, body.Length)));
                    await context.Response.OutputStream.FlushAsync();
                    await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token);
                    context.Response.Abort();
                    return;
            }
        }

        if (request.HttpMethod != "HEAD")
        {
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
        }

        context.Response.Close();
    }

    private async Task HandleStorageAsync(HttpListenerContext context)
    {
        StorageAuthorization.Enqueue(context.Request.Headers["Authorization"] ?? "");
        using var response = await _upstream.GetAsync(new Uri(_registry, context.Request.Url!.PathAndQuery), _stop.Token);
        var body = await response.Content.ReadAsByteArrayAsync(_stop.Token);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    private async Task IssueTokenAsync(HttpListenerContext context)
    {
        var query = System.Web.HttpUtility.ParseQueryString(context.Request.Url!.Query);
        TokenScopes.Enqueue(query["scope"] ?? "");
        if (TokenCredentials is { } expected)
        {
            var header = context.Request.Headers["Authorization"] ?? "";
            var wanted = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{expected.User}:{expected.Password}"));
            if (header != wanted)
            {
                context.Response.StatusCode = 401;
                context.Response.Close();
                return;
            }
        }

        var token = Guid.NewGuid().ToString("N");
        _tokens[token] = true;
        var body = Encoding.UTF8.GetBytes($"{{\"token\":\"{token}\",\"expires_in\":300}}");
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }
}
