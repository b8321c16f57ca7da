using CriRuntime.Core.Images.Models;

namespace CriRuntime.Core.Containers;

/// <summary>An image as a container needs it: identity, config, and the root filesystem's layers.</summary>
public sealed record ContainerImage
{
    public required string Id { get; init; }

    /// <summary>A repo digest when the image has one, else the id (CRI's image_ref).</summary>
    public required string Ref { get; init; }

    public ContainerConfig? Config { get; init; }

    /// <summary>The overlayfs lowerdirs, top layer first.</summary>
    public required IReadOnlyList<string> LowerDirs { get; init; }
}

/// <summary>The image service as containers see it. Adapted from <see cref="Images.ImageManager"/>.</summary>
public interface IContainerImages
{
    /// <summary>The image named by tag, digest or id; null when it is not on the node.</summary>
    Task<ContainerImage?> ResolveAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Keeps the image's snapshots while the container exists (GC leaves them); survives restarts.</summary>
    void Hold(string containerId, string imageId);

    /// <summary>
    /// Keeps an image a container mounts as its image volume <paramref name="index"/> (snapshots kept, RemoveImage
    /// refused) until <see cref="Release"/> of the container; survives restarts.
    /// </summary>
    void HoldVolume(string containerId, int index, string imageId);

    /// <summary>Drops the container's holds: its root filesystem's and its image volumes'.</summary>
    void Release(string containerId);
}
