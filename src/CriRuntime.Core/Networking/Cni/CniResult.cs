using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CriRuntime.Core.Networking.Cni;

public sealed record CniInterface(string Name, string Mac, string Sandbox);

/// <summary>One assigned address: the address with its prefix, the gateway, and the index of its interface (if given).</summary>
public sealed record CniIpConfig(IPAddress Address, int PrefixLength, IPAddress? Gateway, int? Interface);

public sealed record CniRoute(IPNetwork Destination, IPAddress? Gateway);

public sealed record CniDns(IReadOnlyList<string> Nameservers, string Domain, IReadOnlyList<string> Search, IReadOnlyList<string> Options);

/// <summary>
/// A plugin's result (spec 0.3.0 to 1.1.0: interfaces, ips, routes, dns). <see cref="Json"/> keeps the result as
/// the plugin wrote it: it is what the next plugin gets as prevResult and what the cache stores.
/// </summary>
public sealed record CniResult(
    string CniVersion,
    IReadOnlyList<CniInterface> Interfaces,
    IReadOnlyList<CniIpConfig> Ips,
    IReadOnlyList<CniRoute> Routes,
    CniDns? Dns,
    string Json)
{
    /// <summary>
    /// The addresses inside the pod: those on an interface with a sandbox (the namespace side), or on no named
    /// interface at all (plugins may leave the index out); never loopback addresses. IPv4 first, as kubelet takes the first as the pod IP.
    /// </summary>
    public IReadOnlyList<IPAddress> PodAddresses(string ifName)
    {
        var inPod = Ips.Where(ip =>
            ip.Interface is not { } index
            || index < 0 || index >= Interfaces.Count
            || Interfaces[index].Sandbox.Length > 0
            || string.Equals(Interfaces[index].Name, ifName, StringComparison.Ordinal));
        return [.. inPod.Select(static ip => ip.Address).Where(static a => !IPAddress.IsLoopback(a)).Distinct().OrderBy(static a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
    }

    /// <summary>Parses a result; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CniResult Parse(string json)
    {
        try
        {
            return ParseObject(json);
        }
        catch (ArgumentException e)
        {
            // JsonObject materializes lazily and refuses a duplicate property name only when it is first read.
            throw new FormatException($"the result is not valid: {e.Message}", e);
        }
    }

    private static CniResult ParseObject(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("the result is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"the result is not valid JSON: {e.Message}", e);
        }

        var version = String(root, "cniVersion");
        if (version.Length > 0 && !System.Version.TryParse(version, out _))
        {
            throw new FormatException($"the result's cniVersion \"{version}\" is not a version");
        }

        if (version.Length > 0 && !Cni.CniVersion.AtLeast(version, 0, 3))
        {
            // 0.1.0/0.2.0 results have ip4/ip6 objects instead of ips: a plugin that old cannot be chained anyway.
            throw new FormatException($"the result's cniVersion {version} is older than 0.3.0, which this runtime does not read");
        }

        var interfaces = new List<CniInterface>();
        foreach (var node in Array(root, "interfaces"))
        {
            if (node is JsonObject i)
            {
                interfaces.Add(new CniInterface(String(i, "name"), String(i, "mac"), String(i, "sandbox")));
            }
        }

        var ips = new List<CniIpConfig>();
        foreach (var node in Array(root, "ips"))
        {
            if (node is not JsonObject ip)
            {
                throw new FormatException("an \"ips\" entry is not an object");
            }

            var address = String(ip, "address");
            if (!IPNetwork.TryParse(address, out _) || address.IndexOf('/', StringComparison.Ordinal) < 0)
            {
                throw new FormatException($"\"{address}\" is not an address in CIDR form");
            }

            var slash = address.IndexOf('/', StringComparison.Ordinal);
            var addr = IPAddress.Parse(address[..slash]);
            var prefix = int.Parse(address[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var gateway = String(ip, "gateway") is { Length: > 0 } g ? ParseAddress(g) : null;
            int? index = ip["interface"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
            ips.Add(new CniIpConfig(addr, prefix, gateway, index));
        }

        var routes = new List<CniRoute>();
        foreach (var node in Array(root, "routes"))
        {
            if (node is JsonObject r)
            {
                var dst = String(r, "dst");
                if (!IPNetwork.TryParse(dst, out var network))
                {
                    throw new FormatException($"route destination \"{dst}\" is not a CIDR");
                }

                routes.Add(new CniRoute(network, String(r, "gw") is { Length: > 0 } gw ? ParseAddress(gw) : null));
            }
        }

        CniDns? dns = null;
        if (root["dns"] is JsonObject d)
        {
            dns = new CniDns(Strings(d, "nameservers"), String(d, "domain"), Strings(d, "search"), Strings(d, "options"));
        }

        return new CniResult(version, interfaces, ips, routes, dns, root.ToJsonString());
    }

    private static IPAddress ParseAddress(string s) =>
        IPAddress.TryParse(s, out var a) ? a : throw new FormatException($"\"{s}\" is not an IP address");

    private static JsonArray Array(JsonObject obj, string key) => obj[key] as JsonArray ?? [];

    private static string String(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string[] Strings(JsonObject obj, string key) =>
        [.. Array(obj, key).OfType<JsonValue>().Select(static v => v.TryGetValue<string>(out var s) ? s : "").Where(static s => s.Length > 0)];
}
