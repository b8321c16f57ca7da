using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CriRuntime.TestSupport;

/// <summary>
/// An in-process OCI distribution registry behind an <see cref="HttpMessageHandler"/>, for unit tests of the pull
/// pipeline: manifests by tag or digest, blobs by digest (or deliberately wrong bytes), and optionally the token
/// flow of the distribution spec (401 with a Bearer challenge, a token service, Bearer on the retry).
/// Every request is recorded.
/// </summary>
public sealed class FakeRegistryHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Blob> _manifests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    /// <summary>The repository served, as in <c>/v2/REPOSITORY/...</c>.</summary>
    public string Repository { get; init; } = "library/app";

    /// <summary>The token the registry wants; null serves without authentication.</summary>
    public string? Token { get; init; }

    /// <summary>The token service's URL in the challenge.</summary>
    public string Realm { get; init; } = "https://auth.registry.test/token";

    /// <summary>The token service's status code (200 hands out <see cref="Token"/>).</summary>
    public HttpStatusCode TokenStatus { get; set; } = HttpStatusCode.OK;

    /// <summary>Every request, in order: method, URL and Authorization header.</summary>
    public ConcurrentQueue<(string Method, Uri Url, string? Authorization)> Requests { get; } = new();

    /// <summary>Serves a manifest or index under its digest and, given, a tag.</summary>
    public FakeRegistryHandler Manifest(Blob manifest, string? tag = null)
    {
        _manifests[manifest.Digest] = manifest;
        if (tag is not null)
        {
            _manifests[tag] = manifest;
        }

        return this;
    }

    /// <summary>Serves a blob's bytes under its digest, or other bytes (<paramref name="served"/>) under it.</summary>
    public FakeRegistryHandler Blob(Blob blob, byte[]? served = null)
    {
        _blobs[blob.Digest] = served ?? blob.Content;
        return this;
    }

    /// <summary>Serves a whole image: its manifest (tagged), config and layers.</summary>
    public FakeRegistryHandler Image(ImageBuilder image, string? tag = null)
    {
        Manifest(image.Manifest(), tag).Blob(image.Config());
        foreach (var layer in image.Layers)
        {
            Blob(layer);
        }

        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        Requests.Enqueue((request.Method.Method, url, request.Headers.Authorization?.ToString()));
        return Task.FromResult(Answer(request, url));
    }

    private HttpResponseMessage Answer(HttpRequestMessage request, Uri url)
    {
        if (Token is not null && url.GetLeftPart(UriPartial.Path) == Realm)
        {
            return TokenStatus == HttpStatusCode.OK
                ? Bytes(Encoding.UTF8.GetBytes($$"""{"token":"{{Token}}","expires_in":300}"""), "application/json")
                : new HttpResponseMessage(TokenStatus);
        }

        if (Token is not null && request.Headers.Authorization?.ToString() != "Bearer " + Token)
        {
            var unauthorized = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            unauthorized.Headers.WwwAuthenticate.ParseAdd($"Bearer realm=\"{Realm}\",service=\"registry.test\",scope=\"repository:{Repository}:pull\"");
            return unauthorized;
        }

        var prefix = $"/v2/{Repository}/";
        var path = url.AbsolutePath;
        if (path.StartsWith(prefix + "manifests/", StringComparison.Ordinal)
            && _manifests.TryGetValue(path[(prefix.Length + "manifests/".Length)..], out var manifest))
        {
            var response = Bytes(manifest.Content, manifest.MediaType);
            response.Headers.Add("Docker-Content-Digest", manifest.Digest);
            return response;
        }

        if (path.StartsWith(prefix + "blobs/", StringComparison.Ordinal)
            && _blobs.TryGetValue(path[(prefix.Length + "blobs/".Length)..], out var bytes))
        {
            return Bytes(bytes, "application/octet-stream");
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"errors":[{"code":"MANIFEST_UNKNOWN"}]}""") };
    }

    private static HttpResponseMessage Bytes(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
