using System.Text.Json.Serialization;
using CriRuntime.Core.Configuration;

namespace CriRuntime.Server.Cri;

/// <summary>What verbose Status reports under "config" (crictl info prints it).</summary>
internal static class StatusInfo
{
    public static ConfigInfo Config(DaemonConfig config, RuntimeSettings settings) => new(
        config.Listen,
        config.Root,
        config.State,
        config.MetricsAddress,
        config.Runtime.DefaultHandler,
        config.Runtime.CgroupDriver.ToString().ToLowerInvariant(),
        config.Runtime.Handlers.ToDictionary(static h => h.Key, static h => h.Value.Path),
        config.Cni.ConfDir,
        config.Cni.BinDirs,
        config.Registry.ConfigDir,
        settings.PodCidr,
        BuildInfo.Version);

    internal sealed record ConfigInfo(
        string Listen,
        string Root,
        string State,
        string MetricsAddress,
        string DefaultRuntimeHandler,
        string CgroupDriver,
        IReadOnlyDictionary<string, string> RuntimeHandlers,
        string CniConfDir,
        IReadOnlyList<string> CniBinDirs,
        string RegistryConfigDir,
        string PodCidr,
        string Version);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatusInfo.ConfigInfo))]
internal sealed partial class StatusInfoJson : JsonSerializerContext;
