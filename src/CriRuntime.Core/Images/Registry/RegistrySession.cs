using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CriRuntime.Core.Errors;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Images.Registry;

/// <summary>A manifest or index as the registry served it.</summary>
public sealed record FetchedManifest(byte[] Content, string? MediaType, Digest Digest, string Endpoint);

/// <summary>
/// Talks to one repository for one pull: the configured mirrors in order, then the upstream; the answers to
/// WWW-Authenticate challenges (<see cref="RegistryAuthenticator"/>) are kept for the session. Credentials go to the
/// upstream only (and to its token service), never to a mirror or to a host a redirect points at.
/// </summary>
public sealed partial class RegistrySession
{
    public const int MaxManifestSize = 4 << 20;
    private const int MaxRedirects = 10;

    private readonly RegistryHttp _http;
    private readonly ImageReference _reference;
    private readonly RegistryCredentials? _credentials;
    private readonly TimeSpan _stallTimeout;
    private readonly ILogger _logger;
    private readonly Endpoint[] _endpoints;
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorization = new(StringComparer.Ordinal);
    private readonly RegistryAuthenticator _authenticator;
    private volatile Endpoint? _preferred;

    public RegistrySession(
        RegistryHttp http,
        RegistryHostConfig config,
        ImageReference reference,
        RegistryCredentials? credentials,
        TimeSpan stallTimeout,
        ILogger logger)
    {
        _http = http;
        _reference = reference;
        _credentials = credentials;
        _stallTimeout = stallTimeout;
        _logger = logger;
        _endpoints = [.. config.Endpoints.Select(e => new Endpoint(e, e.RewritePath(reference.Path)))];
        _authenticator = new RegistryAuthenticator(http, credentials, stallTimeout);
    }

    public IReadOnlyList<string> EndpointNames => [.. _endpoints.Select(e => e.ToString())];

    public Task<FetchedManifest> GetManifestAsync(string tagOrDigest, CancellationToken cancellationToken) =>
        TryEndpointsAsync(
            endpoint => GetManifestFromAsync(endpoint, tagOrDigest, cancellationToken),
            $"manifest {_reference.Repository}:{tagOrDigest}",
            cancellationToken);

    /// <summary>A small blob (a config), read whole and verified.</summary>
    public Task<byte[]> GetBlobBytesAsync(Digest digest, long size, long maxSize, CancellationToken cancellationToken)
    {
        if (size > maxSize || size < 0)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"blob {digest} declares {size} bytes, more than the {maxSize} allowed");
        }

        return TryEndpointsAsync(
            async endpoint =>
            {
                await using var stream = new Content.VerifyingStream(
                    await OpenBlobFromAsync(endpoint, digest, size, cancellationToken), digest, size, "blob");
                var buffer = new byte[size];
                await stream.ReadExactlyAsync(buffer, cancellationToken);
                await stream.DrainAndVerifyAsync(cancellationToken);
                return buffer;
            },
            $"blob {digest}",
            cancellationToken);
    }

    /// <summary>
    /// The body of a blob, guarded against stalls; the caller verifies it (wrap it in a VerifyingStream).
    /// A failure to open it on one endpoint falls through to the next.
    /// </summary>
    public Task<Stream> OpenBlobAsync(Digest digest, long size, CancellationToken cancellationToken) =>
        TryEndpointsAsync(endpoint => OpenBlobFromAsync(endpoint, digest, size, cancellationToken), $"blob {digest}", cancellationToken);

    private async Task<T> TryEndpointsAsync<T>(Func<Endpoint, Task<T>> attempt, string what, CancellationToken cancellationToken)
    {
        var preferred = _preferred;
        IEnumerable<Endpoint> order = preferred is null ? _endpoints : [preferred, .. _endpoints.Where(e => e != preferred)];
        CriException? firstError = null;
        CriException? upstreamError = null;
        CriException? mirrorNotFound = null;
        foreach (var endpoint in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await attempt(endpoint);
                _preferred = endpoint;
                return result;
            }
            catch (Exception e) when (e is CriException or HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var error = e as CriException ?? Classify(e, endpoint, what);
                Log.EndpointFailed(_logger, what, endpoint.ToString(), error.Message);
                firstError ??= error;
                if (!endpoint.Config.IsMirror)
                {
                    upstreamError = error;
                }
                else if (error.Kind == ErrorKind.NotFound)
                {
                    mirrorNotFound ??= error;
                }
            }
        }

        // A mirror's "not found" is the answer when the upstream could not be asked at all: reporting the upstream as
        // Unavailable would send the operator after the network instead of the name.
        if (mirrorNotFound is not null && upstreamError?.Kind is ErrorKind.Unavailable or ErrorKind.DeadlineExceeded)
        {
            throw new CriException(ErrorKind.NotFound, $"{mirrorNotFound.Message}; the upstream could not be asked: {upstreamError.Message}", upstreamError);
        }

        // The upstream's answer says most (a mirror may simply not carry the repository).
        throw upstreamError ?? firstError ?? new CriException(ErrorKind.Unavailable, $"no registry endpoint for {what}");
    }

    private static CriException Classify(Exception e, Endpoint endpoint, string what) => e switch
    {
        OperationCanceledException => new CriException(ErrorKind.DeadlineExceeded, $"{endpoint} did not answer in time for {what}", e),
        _ => new CriException(ErrorKind.Unavailable, $"cannot reach {endpoint} for {what}: {e.Message}", e),
    };

    private async Task<FetchedManifest> GetManifestFromAsync(Endpoint endpoint, string tagOrDigest, CancellationToken cancellationToken)
    {
        var uri = endpoint.Url($"manifests/{tagOrDigest}");
        using var response = await SendAsync(endpoint, uri, MediaTypes.ManifestAccept, cancellationToken);
        EnsureSuccess(response, endpoint, $"manifest {_reference.Repository}:{tagOrDigest}");
        var declared = response.Content.Headers.ContentLength;
        if (declared > MaxManifestSize)
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"manifest from {endpoint} is {declared} bytes, more than the {MaxManifestSize} allowed");
        }

        var body = await ReadLimitedAsync(response, MaxManifestSize, $"manifest {tagOrDigest}", _stallTimeout, cancellationToken);
        var digest = Digest.Sha256Of(body);
        if (Digest.TryParse(tagOrDigest, out var requested))
        {
            using var hash = requested.CreateHash();
            hash.AppendData(body);
            if (!requested.Matches(hash))
            {
                throw new CriException(ErrorKind.FailedPrecondition, $"manifest from {endpoint} does not match the requested digest {requested}");
            }

            digest = requested;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return new FetchedManifest(body, mediaType, digest, endpoint.ToString());
    }

    private async Task<Stream> OpenBlobFromAsync(Endpoint endpoint, Digest digest, long size, CancellationToken cancellationToken)
    {
        var uri = endpoint.Url($"blobs/{digest}");
        var response = await SendAsync(endpoint, uri, null, cancellationToken);
        try
        {
            EnsureSuccess(response, endpoint, $"blob {digest}");
            if (response.Content.Headers.ContentLength is { } length && length != size)
            {
                throw new CriException(ErrorKind.FailedPrecondition, $"{endpoint} sends {length} bytes for blob {digest}, which has {size}");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new StallGuardStream(stream, response, _stallTimeout, $"blob {digest}");
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A response body of at most <paramref name="limit"/> bytes, read with the stall guard.</summary>
    internal static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, int limit, string what, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        await using var stream = new StallGuardStream(await response.Content.ReadAsStreamAsync(cancellationToken), NullDisposable.Instance, stallTimeout, what);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new CriException(ErrorKind.FailedPrecondition, $"{what} is larger than {limit} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private void EnsureSuccess(HttpResponseMessage response, Endpoint endpoint, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        var status = $"{code} {response.ReasonPhrase}";
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new CriException(ErrorKind.NotFound, $"{what} not found at {endpoint}"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CriException(
                ErrorKind.PermissionDenied,
                $"{endpoint} refused access to {what} ({status}){(_credentials is null ? "; no credentials were given" : "")}"),
            HttpStatusCode.TooManyRequests => new CriException(ErrorKind.ResourceExhausted, $"{endpoint} is rate limiting ({status}) for {what}"),
            _ when code >= 500 => new CriException(ErrorKind.Unavailable, $"{endpoint} answered {status} for {what}"),
            _ => new CriException(ErrorKind.FailedPrecondition, $"{endpoint} answered {status} for {what}"),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(Endpoint endpoint, Uri uri, string[]? accept, CancellationToken cancellationToken)
    {
        var invoker = _http.For(endpoint.Config);
        var authenticated = false;
        var current = uri;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            var sameOrigin = SameOrigin(current, endpoint.BaseUri);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.UserAgent.ParseAdd("criruntime/0.1");
            if (accept is not null)
            {
                foreach (var type in accept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                }
            }

            if (sameOrigin)
            {
                if (_authorization.TryGetValue(endpoint.Key, out var header))
                {
                    request.Headers.Authorization = header;
                }
                else if (!endpoint.Config.IsMirror && _credentials?.RegistryToken is { } registryToken)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registryToken);
                }
            }

            var response = await SendWithStallAsync(invoker, request, current, _stallTimeout, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && sameOrigin && !authenticated)
            {
                authenticated = true;
                var challenges = AuthChallenge.Parse(
                    response.Headers.TryGetValues("WWW-Authenticate", out var values) ? string.Join(", ", values) : null);
                response.Dispose();
                _authorization[endpoint.Key] = await _authenticator.AuthenticateAsync(endpoint.Config, endpoint.Path, endpoint.ToString(), challenges, cancellationToken);
                continue;
            }

            if (IsRedirect(response.StatusCode))
            {
                var location = response.Headers.Location;
                response.Dispose();
                if (location is null)
                {
                    throw new CriException(ErrorKind.FailedPrecondition, $"{endpoint} redirected without a Location");
                }

                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp)
                {
                    throw new CriException(ErrorKind.FailedPrecondition, $"{endpoint} redirected to a {next.Scheme} URL");
                }

                if (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp && !endpoint.Config.Insecure)
                {
                    throw new CriException(ErrorKind.FailedPrecondition, $"{endpoint} redirected from HTTPS to plain HTTP ({next.Authority})");
                }

                current = next;
                continue;
            }

            return response;
        }

        throw new CriException(ErrorKind.FailedPrecondition, $"{endpoint} redirected more than {MaxRedirects} times");
    }

    /// <summary>Sends a request; no answer within <paramref name="stallTimeout"/> is DeadlineExceeded.</summary>
    internal static async Task<HttpResponseMessage> SendWithStallAsync(HttpMessageInvoker invoker, HttpRequestMessage request, Uri uri, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        try
        {
            return await invoker.SendAsync(request, stall.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CriException(ErrorKind.DeadlineExceeded, $"{uri.GetLeftPart(UriPartial.Authority)} sent no answer within {stallTimeout.TotalSeconds:0.###}s", e);
        }
    }

    private static bool IsRedirect(HttpStatusCode code) => code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    internal static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private sealed class Endpoint(RegistryEndpointConfig config, string path)
    {
        public RegistryEndpointConfig Config { get; } = config;

        public string Path { get; } = path;

        public Uri BaseUri => Config.Url;

        public string Key => Config.Url.GetLeftPart(UriPartial.Authority);

        public Uri Url(string suffix)
        {
            var root = Config.Url.AbsoluteUri.TrimEnd('/');
            return new Uri($"{root}/v2/{Path}/{suffix}");
        }

        public override string ToString() => Config.IsMirror ? $"mirror {Config.Url.Authority}" : $"registry {Config.Url.Authority}";
    }

    private sealed class NullDisposable : IDisposable
    {
        public static readonly NullDisposable Instance = new();

        public void Dispose()
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Fetching {What} from {Endpoint} failed: {Error}")]
        public static partial void EndpointFailed(ILogger logger, string what, string endpoint, string error);
    }
}
