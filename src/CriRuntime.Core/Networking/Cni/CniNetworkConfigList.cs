using System.Text.Json.Nodes;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// One network configuration list (a .conflist, or a single .conf/.json plugin wrapped as a list of one).
/// <see cref="Json"/> is the list's JSON as written; it is what the result cache stores, so that a DEL after a
/// restart or a config change runs exactly the chain that ran at ADD.
/// </summary>
public sealed class CniNetworkConfigList
{
    private CniNetworkConfigList(string name, string cniVersion, bool disableCheck, IReadOnlyList<JsonObject> plugins, string json, string source)
    {
        Name = name;
        CniVersion = cniVersion;
        DisableCheck = disableCheck;
        Plugins = plugins;
        Json = json;
        Source = source;
    }

    public string Name { get; }

    public string CniVersion { get; }

    public bool DisableCheck { get; }

    /// <summary>The plugin configurations in chain order. Each is a private copy: callers must clone before changing.</summary>
    public IReadOnlyList<JsonObject> Plugins { get; }

    public string Json { get; }

    /// <summary>The file it came from (or "cache" for a list read back from the result cache).</summary>
    public string Source { get; }

    public IEnumerable<string> PluginTypes => Plugins.Select(static p => (string)p["type"]!);

    /// <summary>Parses and validates a list; throws <see cref="FormatException"/> with the reason.</summary>
    public static CniNetworkConfigList ParseList(string json, string source)
    {
        var root = ParseObject(json);
        if (root["plugins"] is not JsonArray pluginsArray)
        {
            throw new FormatException("no \"plugins\" array");
        }

        var name = RequiredString(root, "name");
        var version = Version(root);
        var plugins = new List<JsonObject>();
        foreach (var node in pluginsArray)
        {
            if (node is not JsonObject plugin)
            {
                throw new FormatException("a \"plugins\" entry is not an object");
            }

            RequiredString(plugin, "type");
            plugins.Add((JsonObject)plugin.DeepClone());
        }

        if (plugins.Count == 0)
        {
            throw new FormatException("\"plugins\" is empty");
        }

        var disableCheck = root["disableCheck"] is JsonValue d && ParseBool(d);
        return new CniNetworkConfigList(name, version, disableCheck, plugins, json, source);
    }

    /// <summary>Parses a single plugin configuration (.conf/.json) and wraps it as a list of one.</summary>
    public static CniNetworkConfigList ParseSingle(string json, string source)
    {
        var root = ParseObject(json);
        if (root.ContainsKey("plugins"))
        {
            throw new FormatException("a single-plugin file holds a \"plugins\" list; name it .conflist");
        }

        var name = RequiredString(root, "name");
        var version = Version(root);
        RequiredString(root, "type");
        var list = new JsonObject
        {
            ["cniVersion"] = version,
            ["name"] = name,
            ["plugins"] = new JsonArray(root.DeepClone()),
        };
        return ParseList(list.ToJsonString(), source);
    }

    private static JsonObject ParseObject(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"invalid JSON: {e.Message}", e);
        }

        return node as JsonObject ?? throw new FormatException("not a JSON object");
    }

    private static string Version(JsonObject root)
    {
        var version = RequiredString(root, "cniVersion");
        if (!Cni.CniVersion.IsSupported(version))
        {
            throw new FormatException($"cniVersion {version} is not supported (supported: {string.Join(", ", Cni.CniVersion.Supported)})");
        }

        return version;
    }

    private static string RequiredString(JsonObject obj, string key)
    {
        if (obj[key] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0)
        {
            return s;
        }

        throw new FormatException($"no \"{key}\" string");
    }

    private static bool ParseBool(JsonValue value) =>
        (value.TryGetValue<bool>(out var b) && b)
        || (value.TryGetValue<string>(out var s) && string.Equals(s, "true", StringComparison.OrdinalIgnoreCase));
}
