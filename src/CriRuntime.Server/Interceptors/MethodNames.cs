using System.Collections.Concurrent;

namespace CriRuntime.Server.Interceptors;

/// <summary>"/runtime.v1.RuntimeService/Version" becomes "Version": RPC names are unique across both CRI services.</summary>
internal static class MethodNames
{
    // Every call asks (metrics, logs): the few dozen method names are cut once, not on each call.
    private static readonly ConcurrentDictionary<string, string> Shorts = new(StringComparer.Ordinal);

    public static string Short(string fullMethod) => Shorts.GetOrAdd(fullMethod, static full =>
    {
        var slash = full.LastIndexOf('/');
        return slash >= 0 ? full[(slash + 1)..] : full;
    });
}
