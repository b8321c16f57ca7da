using System.Net;
using System.Net.Sockets;

namespace CriRuntime.Core.Networking;

/// <summary>
/// The addresses a pod got: <see cref="Ip"/> is PodSandboxStatus's network.ip, <see cref="AdditionalIps"/> its
/// additional_ips. The primary is the first IPv4 address when there is one (kubelet's default family), else the first IPv6.
/// </summary>
public sealed record PodNetworkStatus
{
    public static PodNetworkStatus None { get; } = new();

    /// <summary>Every address assigned inside the pod, in the order the plugins reported them.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>The name of the network the pod is attached to.</summary>
    public string NetworkName { get; init; } = "";

    public string InterfaceName { get; init; } = "eth0";

    public IPAddress? PrimaryIPv4 => Addresses.FirstOrDefault(static a => a.AddressFamily == AddressFamily.InterNetwork);

    public IPAddress? PrimaryIPv6 => Addresses.FirstOrDefault(static a => a.AddressFamily == AddressFamily.InterNetworkV6);

    public IPAddress? Primary => PrimaryIPv4 ?? PrimaryIPv6;

    /// <summary>The primary address as CRI carries it; empty when the pod has none.</summary>
    public string Ip => Primary?.ToString() ?? "";

    /// <summary>Every other address, as CRI carries them.</summary>
    public IReadOnlyList<string> AdditionalIps
    {
        get
        {
            var primary = Primary;
            return [.. Addresses.Where(a => !a.Equals(primary)).Select(static a => a.ToString())];
        }
    }
}
