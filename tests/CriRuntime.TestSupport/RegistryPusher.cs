using System.Net.Http.Headers;
using System.Text;

namespace CriRuntime.TestSupport;

/// <summary>Pushes blobs and manifests through the distribution HTTP API (monolithic uploads).</summary>
public sealed class RegistryPusher(Uri registry, string? username = null, string? password = null) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = registry };

    public async Task PushBlobAsync(string repository, Blob blob)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{blob.Digest}");
        Authorize(head);
        using (var exists = await _client.SendAsync(head))
        {
            if (exists.IsSuccessStatusCode)
            {
                return;
            }
        }

        using var start = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/");
        Authorize(start);
        using var started = await _client.SendAsync(start);
        started.EnsureSuccessStatusCode();
        var location = started.Headers.Location!;
        var upload = location.IsAbsoluteUri ? location : new Uri(registry, location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(upload + separator + "digest=" + Uri.EscapeDataString(blob.Digest)))
        {
            Content = new ByteArrayContent(blob.Content),
        };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Authorize(put);
        using var done = await _client.SendAsync(put);
        done.EnsureSuccessStatusCode();
    }

    public async Task PushManifestAsync(string repository, string reference, Blob manifest)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}") { Content = new ByteArrayContent(manifest.Content) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        Authorize(put);
        using var response = await _client.SendAsync(put);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"pushing {repository}:{reference}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Pushes an image's blobs and its manifest under each tag; returns the manifest digest.</summary>
    public async Task<string> PushImageAsync(string repository, ImageBuilder image, params string[] tags)
    {
        foreach (var layer in image.Layers)
        {
            await PushBlobAsync(repository, layer);
        }

        await PushBlobAsync(repository, image.Config());
        var manifest = image.Manifest();
        foreach (var tag in tags.Length == 0 ? [manifest.Digest] : tags)
        {
            await PushManifestAsync(repository, tag, manifest);
        }

        return manifest.Digest;
    }

    public void Dispose() => _client.Dispose();

    private void Authorize(HttpRequestMessage request)
    {
        if (username is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }
    }
}
