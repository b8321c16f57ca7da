using System.Text.Json.Nodes;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>The environment of one attachment: CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS.</summary>
public sealed record CniAttachment(string ContainerId, string NetnsPath, string InterfaceName, string Args);

/// <summary>
/// Runs one plugin of a list for one command: finds its binary in the bin dirs (in order), builds its stdin config
/// (the plugin's own keys plus the list's name and cniVersion, prevResult and the filtered runtimeConfig), sets the
/// CNI_* environment, and turns the outcome into a result or a <see cref="CniPluginException"/>.
/// </summary>
public sealed class CniPluginInvoker(ICniExecutor executor, IReadOnlyList<string> binDirs, TimeSpan timeout, IHostFiles files)
{
    public IReadOnlyList<string> BinDirs => binDirs;

    /// <summary>The first executable file named <paramref name="type"/> in the bin dirs, or null.</summary>
    public string? FindPlugin(string type)
    {
        if (type.Length == 0 || type.Contains('/', StringComparison.Ordinal) || type is "." or "..")
        {
            return null;
        }

        foreach (var dir in binDirs)
        {
            var path = Path.Combine(dir, type);
            if (files.FileExists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The stdin config of one plugin: a copy of its config with the list's keys injected (spec: "Section 4").</summary>
    public static JsonObject BuildConfig(CniNetworkConfigList list, JsonObject plugin, string? prevResultJson, JsonObject capabilityArgs)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["cniVersion"] = list.CniVersion;
        config["name"] = list.Name;
        config.Remove("prevResult");
        config.Remove("runtimeConfig");
        if (prevResultJson is not null)
        {
            config["prevResult"] = JsonNode.Parse(prevResultJson);
        }

        if (CniCapabilities.Filter(plugin, capabilityArgs) is { } runtimeConfig)
        {
            config["runtimeConfig"] = runtimeConfig;
        }

        return config;
    }

    /// <summary>Runs a command; returns the parsed result for ADD (null when the plugin printed none), null otherwise.</summary>
    public async Task<CniResult?> InvokeAsync(string command, CniNetworkConfigList list, JsonObject plugin, CniAttachment attachment, string? prevResultJson, JsonObject capabilityArgs, CancellationToken ct)
    {
        var type = (string)plugin["type"]!;
        var path = FindPlugin(type)
            ?? throw new CniPluginException(type, command, $"CNI plugin \"{type}\" of network \"{list.Name}\" was not found in {string.Join(", ", binDirs)}");
        var stdin = BuildConfig(list, plugin, prevResultJson, capabilityArgs).ToJsonString();
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = attachment.ContainerId,
            ["CNI_NETNS"] = attachment.NetnsPath,
            ["CNI_IFNAME"] = attachment.InterfaceName,
            ["CNI_ARGS"] = attachment.Args,
            ["CNI_PATH"] = string.Join(':', binDirs),
        };

        var outcome = await executor.ExecuteAsync(new CniInvocation(path, env, stdin, timeout), ct);
        var what = $"CNI plugin \"{type}\" ({command}, network \"{list.Name}\", container {attachment.ContainerId})";
        if (outcome.TimedOut)
        {
            throw new CniPluginException(type, command, $"{what} did not finish within {timeout.TotalSeconds:0.###} s and was killed", timedOut: true);
        }

        if (outcome.ExitCode != 0)
        {
            var error = CniError.TryParse(outcome.Stdout);
            var stderr = outcome.Stderr.Trim();
            var message = error is not null
                ? $"{what} failed: {error}"
                : $"{what} exited with status {outcome.ExitCode}: {FirstNonEmpty(stderr, outcome.Stdout.Trim(), "no output")}";
            if (error is not null && stderr.Length > 0)
            {
                message += $" (stderr: {Truncate(stderr)})";
            }

            throw new CniPluginException(type, command, message, error);
        }

        if (command != "ADD" || string.IsNullOrWhiteSpace(outcome.Stdout))
        {
            return null;
        }

        try
        {
            return CniResult.Parse(outcome.Stdout);
        }
        catch (FormatException e)
        {
            throw new CniPluginException(type, command, $"{what} printed a result that cannot be read: {e.Message}", inner: e);
        }
    }

    private static string FirstNonEmpty(params string[] values) => Truncate(values.First(static v => v.Length > 0));

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}
