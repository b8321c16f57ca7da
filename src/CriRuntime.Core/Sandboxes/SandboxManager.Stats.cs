using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Sandboxes;

/// <summary>The network counters of a pod at one instant.</summary>
/// <param name="DefaultInterface">The interface CNI added (<c>eth0</c>), else the first that is not loopback.</param>
public sealed record PodNetworkUsage(long TimestampNanos, InterfaceUsage? DefaultInterface, IReadOnlyList<InterfaceUsage> Interfaces);

public sealed partial class SandboxManager
{
    /// <summary>The name CNI gives the pod's interface (CNI_IFNAME).</summary>
    public const string PodInterface = "eth0";

    /// <summary>
    /// The counters of the pod's own network namespace (read inside it: no process of the pod is needed); null for
    /// host-network pods, whose counters are the node's, and when the namespace is gone.
    /// </summary>
    public PodNetworkUsage? NetworkUsage(SandboxRecord sandbox)
    {
        if (_networkUsage is null || sandbox.State != SandboxState.Ready
            || !sandbox.PinnedNamespaces.TryGetValue(Spec.NamespaceTypes.Network, out var netns)
            || _networkUsage.Read(netns) is not { } interfaces)
        {
            return null;
        }

        var main = interfaces.FirstOrDefault(i => i.Name == PodInterface) ?? interfaces.FirstOrDefault(i => i.Name != "lo");
        return new PodNetworkUsage(Clock.NowNanos(_time), main, interfaces);
    }
}
