using System.Net;

namespace CriRuntime.Core.Networking;

/// <summary>
/// The pod CIDR kubelet pushes with UpdateRuntimeConfig (one CIDR, or a comma-separated dual-stack pair).
/// When set, it reaches plugins that declare the <c>ipRanges</c> capability (host-local then allocates from it
/// instead of the ranges in the config file).
/// </summary>
public sealed class PodCidrSettings
{
    private volatile string _podCidr = "";

    public string PodCidr
    {
        get => _podCidr;
        set => _podCidr = value;
    }

    /// <summary>The CIDRs, parsed; invalid parts are left out (UpdateRuntimeConfig rejects them before they get here).</summary>
    public IReadOnlyList<IPNetwork> Ranges
    {
        get
        {
            var cidr = _podCidr;
            if (cidr.Length == 0)
            {
                return [];
            }

            var ranges = new List<IPNetwork>();
            foreach (var part in cidr.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (IPNetwork.TryParse(part, out var network))
                {
                    ranges.Add(network);
                }
            }

            return ranges;
        }
    }
}
