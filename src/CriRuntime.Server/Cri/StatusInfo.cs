using System.Text.Json.Serialization;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;

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

    /// <summary>What the host's cgroups can enforce; container limits of controllers it lacks are left out.</summary>
    public static CgroupsInfo Cgroups(CgroupCapabilities host) => new(
        host.Version,
        [.. host.Controllers.Order(StringComparer.Ordinal)],
        host.HugepageSizes,
        host.Hugetlb,
        host.MemorySwap,
        host.CpuRealtime,
        host.BlkioWeight,
        host.Rdma,
        host.Misc,
        host.Unified,
        host.OnlineCpus,
        host.OnlineMems);

    internal sealed record CgroupsInfo(
        int Version,
        IReadOnlyList<string> Controllers,
        IReadOnlyList<string> HugepageSizes,
        bool Hugetlb,
        bool MemorySwap,
        bool CpuRealtime,
        bool BlkioWeight,
        bool Rdma,
        bool Misc,
        bool Unified,
        string OnlineCpus,
        string OnlineMems);

    /// <summary>Each handler's probe result (verbose Status, "runtimeHandlers").</summary>
    public static IReadOnlyDictionary<string, HandlerInfo> Handlers(IReadOnlyDictionary<string, HandlerProbeResult> results) =>
        results.ToDictionary(static r => r.Key, static r => new HandlerInfo(r.Value.Ready, r.Value.Reason), StringComparer.Ordinal);

    internal sealed record HandlerInfo(bool Ready, string Reason);

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
[JsonSerializable(typeof(StatusInfo.CgroupsInfo))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, StatusInfo.HandlerInfo>))]
internal sealed partial class StatusInfoJson : JsonSerializerContext;
