using CriRuntime.Core.Images.Models;

namespace CriRuntime.Core.Images;

/// <summary>
/// What the runtime keeps about one image, in memory and as one record under <c>metadata/images</c>.
/// The id is the config digest, as containerd reports it; it is also what PullImage returns.
/// </summary>
public sealed record ImageRecord
{
    public required string Id { get; init; }

    /// <summary><c>docker.io/library/busybox:latest</c>; a tag belongs to at most one image.</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];

    /// <summary><c>docker.io/library/busybox@sha256:…</c>, with the digest the image was pulled by (an index's when it came from one).</summary>
    public IReadOnlyList<string> RepoDigests { get; init; } = [];

    /// <summary>Digest of the platform manifest.</summary>
    public required string ManifestDigest { get; init; }

    public required string ManifestMediaType { get; init; }

    public long ManifestSize { get; init; }

    /// <summary>Indexes this manifest was selected from (one per repo digest that names an index).</summary>
    public IReadOnlyList<string> IndexDigests { get; init; } = [];

    public long ConfigSize { get; init; }

    public IReadOnlyList<LayerRecord> Layers { get; init; } = [];

    /// <summary>Manifest, config and compressed layers, as the registry sizes them (what containerd reports).</summary>
    public long Size { get; init; }

    /// <summary>The image's <c>config.User</c>.</summary>
    public string? User { get; init; }

    public Platform? Platform { get; init; }

    public bool Pinned { get; init; }

    public DateTimeOffset PulledAt { get; init; }

    /// <summary>Chain ids of the layers, bottom first: the snapshots a container's root filesystem stacks.</summary>
    public IEnumerable<string> ChainIds => Layers.Select(l => l.ChainId);
}

public sealed record LayerRecord
{
    public required string Digest { get; init; }

    public required string MediaType { get; init; }

    public long Size { get; init; }

    public required string DiffId { get; init; }

    public required string ChainId { get; init; }
}

/// <summary>A hold on an image's snapshots by someone other than the image (a container), so GC keeps them.</summary>
public sealed record SnapshotLease
{
    public required string Holder { get; init; }

    public required string ImageId { get; init; }

    public IReadOnlyList<string> ChainIds { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when the holder mounts the image as an image volume (CRI <c>Mount.image</c>): RemoveImage is refused meanwhile.</summary>
    public bool Volume { get; init; }
}
