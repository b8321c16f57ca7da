using System.Text.Json.Serialization;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Stores;

/// <summary>
/// CRI <c>NamespaceOption.userns_options</c>: <see cref="NamespaceMode.Node"/> runs the pod in the host's user
/// namespace; <see cref="NamespaceMode.Pod"/> gives the pod a user namespace of its own with the given id maps (one
/// range each, container id 0 included, as kubelet sends them). Checked by <c>Validation.UserNamespaceChecks</c>.
/// </summary>
public sealed record UserNamespaceOptions
{
    public NamespaceMode Mode { get; init; } = NamespaceMode.Node;

    public IReadOnlyList<IdMapping> Uids { get; init; } = [];

    public IReadOnlyList<IdMapping> Gids { get; init; } = [];

    /// <summary>Whether the pod gets a user namespace of its own.</summary>
    [JsonIgnore]
    public bool IsPod => Mode == NamespaceMode.Pod;

    /// <summary>The host uid the container's root (uid 0) is; only meaningful with <see cref="IsPod"/>.</summary>
    [JsonIgnore]
    public uint RootUid => HostIdOf(Uids, 0);

    /// <summary>The host gid the container's gid 0 is; only meaningful with <see cref="IsPod"/>.</summary>
    [JsonIgnore]
    public uint RootGid => HostIdOf(Gids, 0);

    /// <summary>The host id of <paramref name="containerId"/> under <paramref name="mappings"/>; throws when unmapped.</summary>
    public static uint HostIdOf(IReadOnlyList<IdMapping> mappings, uint containerId)
    {
        foreach (var m in mappings)
        {
            if (containerId >= m.ContainerId && containerId - m.ContainerId < m.Length)
            {
                return m.HostId + (containerId - m.ContainerId);
            }
        }

        throw new InvalidOperationException($"container id {containerId} is not mapped");
    }
}
