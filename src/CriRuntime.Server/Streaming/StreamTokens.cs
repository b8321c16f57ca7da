using System.Collections.Concurrent;
using System.Security.Cryptography;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;

namespace CriRuntime.Server.Streaming;

/// <summary>
/// Single-use tokens for streaming URLs: 32 random bytes (base64url), each mapped to the request it was issued for
/// until it is taken or expires. At most <see cref="MaxOutstanding"/> are kept; past that, issuing fails with
/// ResourceExhausted rather than growing without bound.
/// </summary>
internal sealed class StreamTokens(TimeProvider time, TimeSpan ttl)
{
    public const int MaxOutstanding = 4096;

    private readonly ConcurrentDictionary<string, (StreamRequest Request, DateTimeOffset Expires)> _pending = new(StringComparer.Ordinal);

    public string Issue(StreamRequest request)
    {
        var now = time.GetUtcNow();
        if (_pending.Count >= MaxOutstanding)
        {
            foreach (var (token, entry) in _pending)
            {
                if (entry.Expires <= now)
                {
                    _pending.TryRemove(token, out _);
                }
            }

            if (_pending.Count >= MaxOutstanding)
            {
                CriMetrics.StreamRefusals.WithLabels("token_cap").Inc();
                throw new CriException(ErrorKind.ResourceExhausted, $"{MaxOutstanding} streaming URLs are outstanding; try again later");
            }
        }

        var issued = Base64Url(RandomNumberGenerator.GetBytes(32));
        _pending[issued] = (request, now + ttl);
        return issued;
    }

    /// <summary>The request of a live token, removing it; null for an unknown, used or expired one.</summary>
    public StreamRequest? Take(string token) =>
        _pending.TryRemove(token, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Request : null;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
