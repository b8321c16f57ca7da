using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// Capability arguments (spec "conventions": portMappings, dns, bandwidth, ipRanges). The runtime computes them all
/// once per pod; each plugin receives, in <c>runtimeConfig</c>, only those its config declares under
/// <c>"capabilities": {"name": true}</c>.
/// </summary>
public static class CniCapabilities
{
    public const string PortMappings = "portMappings";
    public const string Dns = "dns";
    public const string Bandwidth = "bandwidth";
    public const string IpRanges = "ipRanges";

    public const string IngressBandwidthAnnotation = "kubernetes.io/ingress-bandwidth";
    public const string EgressBandwidthAnnotation = "kubernetes.io/egress-bandwidth";

    /// <summary>Burst given with an annotation rate (bits), as Kubernetes runtimes do: large enough not to throttle bursts.</summary>
    public const long DefaultBurstBits = int.MaxValue;

    /// <summary>All capability arguments that apply to this pod; absent ones are left out.</summary>
    public static JsonObject ForPod(PodNetworkRequest request, IReadOnlyList<IPNetwork> podCidrs)
    {
        var args = new JsonObject();
        var ports = new JsonArray();
        foreach (var p in request.PortMappings)
        {
            if (p.HostPort <= 0)
            {
                continue;
            }

            var entry = new JsonObject
            {
                ["hostPort"] = p.HostPort,
                ["containerPort"] = p.ContainerPort,
                ["protocol"] = p.Protocol.ToString().ToLowerInvariant(),
            };
            if (p.HostIp.Length > 0)
            {
                entry["hostIP"] = p.HostIp;
            }

            ports.Add((JsonNode)entry);
        }

        if (ports.Count > 0)
        {
            args[PortMappings] = ports;
        }

        if (request.Dns is { } dns && (dns.Servers.Count > 0 || dns.Searches.Count > 0 || dns.Options.Count > 0))
        {
            args[Dns] = new JsonObject
            {
                ["servers"] = new JsonArray([.. dns.Servers.Select(static s => (JsonNode?)s)]),
                ["searches"] = new JsonArray([.. dns.Searches.Select(static s => (JsonNode?)s)]),
                ["options"] = new JsonArray([.. dns.Options.Select(static s => (JsonNode?)s)]),
            };
        }

        var ingress = BandwidthBits(request.Annotations, IngressBandwidthAnnotation);
        var egress = BandwidthBits(request.Annotations, EgressBandwidthAnnotation);
        if (ingress is not null || egress is not null)
        {
            var bw = new JsonObject();
            if (ingress is { } i)
            {
                bw["ingressRate"] = i;
                bw["ingressBurst"] = DefaultBurstBits;
            }

            if (egress is { } e)
            {
                bw["egressRate"] = e;
                bw["egressBurst"] = DefaultBurstBits;
            }

            args[Bandwidth] = bw;
        }

        if (podCidrs.Count > 0)
        {
            // One range set per family, as host-local expects: [[{"subnet": v4}], [{"subnet": v6}]].
            var ranges = new JsonArray();
            foreach (var family in podCidrs.GroupBy(static c => c.BaseAddress.AddressFamily).OrderBy(static g => g.Key == AddressFamily.InterNetwork ? 0 : 1))
            {
                ranges.Add((JsonNode)new JsonArray([.. family.Select(static c => (JsonNode?)new JsonObject { ["subnet"] = c.ToString() })]));
            }

            args[IpRanges] = ranges;
        }

        return args;
    }

    /// <summary>
    /// The runtimeConfig for one plugin: the arguments whose names the plugin declares with <c>true</c> under
    /// "capabilities". Null when none apply (the key is then left out of the plugin's config).
    /// </summary>
    public static JsonObject? Filter(JsonObject pluginConfig, JsonObject capabilityArgs)
    {
        if (pluginConfig["capabilities"] is not JsonObject declared)
        {
            return null;
        }

        var runtimeConfig = new JsonObject();
        foreach (var (name, value) in declared)
        {
            if (value is JsonValue v && v.TryGetValue<bool>(out var on) && on && capabilityArgs[name] is { } arg)
            {
                runtimeConfig[name] = arg.DeepClone();
            }
        }

        return runtimeConfig.Count > 0 ? runtimeConfig : null;
    }

    private static long? BandwidthBits(IReadOnlyDictionary<string, string> annotations, string key)
    {
        if (!annotations.TryGetValue(key, out var text))
        {
            return null;
        }

        return ParseQuantity(text) is { } bits && bits > 0
            ? bits
            : throw Errors.CriException.InvalidArgument($"annotation {key}=\"{text}\" is not a bandwidth (bits per second, e.g. 10M)");
    }

    /// <summary>
    /// A Kubernetes quantity as an integer: plain, decimal suffixes (k, M, G, T, P, E) or binary ones (Ki .. Ei).
    /// Null when it is not one.
    /// </summary>
    public static long? ParseQuantity(string text)
    {
        text = text.Trim();
        var (multiplier, number) = text switch
        {
            _ when text.EndsWith("Ki", StringComparison.Ordinal) => (1L << 10, text[..^2]),
            _ when text.EndsWith("Mi", StringComparison.Ordinal) => (1L << 20, text[..^2]),
            _ when text.EndsWith("Gi", StringComparison.Ordinal) => (1L << 30, text[..^2]),
            _ when text.EndsWith("Ti", StringComparison.Ordinal) => (1L << 40, text[..^2]),
            _ when text.EndsWith("Pi", StringComparison.Ordinal) => (1L << 50, text[..^2]),
            _ when text.EndsWith("Ei", StringComparison.Ordinal) => (1L << 60, text[..^2]),
            _ when text.EndsWith('k') => (1_000L, text[..^1]),
            _ when text.EndsWith('M') => (1_000_000L, text[..^1]),
            _ when text.EndsWith('G') => (1_000_000_000L, text[..^1]),
            _ when text.EndsWith('T') => (1_000_000_000_000L, text[..^1]),
            _ when text.EndsWith('P') => (1_000_000_000_000_000L, text[..^1]),
            _ when text.EndsWith('E') => (1_000_000_000_000_000_000L, text[..^1]),
            _ => (1L, text),
        };
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        try
        {
            return (long)decimal.Ceiling(value * multiplier);
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
