namespace CriRuntime.Core.Networking;

/// <summary>What the sandbox code knows about a pod when it asks for (or gives back) its network.</summary>
public sealed record PodNetworkRequest
{
    /// <summary>The sandbox id: CNI_CONTAINERID and K8S_POD_INFRA_CONTAINER_ID.</summary>
    public required string SandboxId { get; init; }

    /// <summary>The pinned network namespace file (CNI_NETNS). On teardown it may no longer exist.</summary>
    public required string NetnsPath { get; init; }

    public required string PodNamespace { get; init; }

    public required string PodName { get; init; }

    public required string PodUid { get; init; }

    /// <summary>Ports with a host port are published through the chain's portMappings capability (portmap).</summary>
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    /// <summary>The pod's DNS settings, passed as the dns capability; null leaves the plugins' defaults.</summary>
    public PodDnsConfig? Dns { get; init; }

    /// <summary>
    /// The pod's annotations; <c>kubernetes.io/ingress-bandwidth</c> and <c>kubernetes.io/egress-bandwidth</c> become
    /// the bandwidth capability.
    /// </summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The interface created inside the namespace (CNI_IFNAME).</summary>
    public string InterfaceName { get; init; } = "eth0";
}

public enum PortProtocol
{
    Tcp,
    Udp,
    Sctp,
}

/// <summary>One CRI PortMapping. Host port 0 means "not published".</summary>
public sealed record PortMapping(int ContainerPort, int HostPort, PortProtocol Protocol = PortProtocol.Tcp, string HostIp = "");

/// <summary>The CRI DNSConfig of a sandbox.</summary>
public sealed record PodDnsConfig(IReadOnlyList<string> Servers, IReadOnlyList<string> Searches, IReadOnlyList<string> Options);
