using CriRuntime.Core.Configuration;

namespace CriRuntime.Core.Networking;

/// <summary>
/// NetworkReady is true once the CNI config dir holds a network configuration, as kubelet expects:
/// until the cluster's network add-on writes one, pods that need a network cannot start.
/// </summary>
public sealed class CniConfigDirReadiness(DaemonConfig config) : INetworkReadiness
{
    public const string NotReadyReason = "NetworkPluginNotReady";

    private static readonly string[] ConfigExtensions = [".conflist", ".conf", ".json"];

    public ConditionStatus Check()
    {
        var dir = config.Cni.ConfDir;
        try
        {
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir))
                {
                    if (ConfigExtensions.Contains(Path.GetExtension(file), StringComparer.Ordinal))
                    {
                        return ConditionStatus.Ok;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConditionStatus(false, NotReadyReason, $"cannot read CNI config dir {dir}: {e.Message}");
        }

        return new ConditionStatus(false, NotReadyReason, $"Network plugin returns error: no CNI network configuration found in {dir}");
    }
}
