using CriRuntime.Core.Networking;

namespace CriRuntime.Server.Cri;

/// <summary>
/// Settings kubelet pushes at run time (UpdateRuntimeConfig). The pod CIDR lives in Core's <see cref="PodCidrSettings"/>,
/// where the CNI client reads it for the ipRanges capability.
/// </summary>
internal sealed class RuntimeSettings(PodCidrSettings podCidr)
{
    public string PodCidr
    {
        get => podCidr.PodCidr;
        set => podCidr.PodCidr = value;
    }
}
