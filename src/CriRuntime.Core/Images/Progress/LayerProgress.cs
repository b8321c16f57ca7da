namespace CriRuntime.Core.Images.Progress;

/// <summary>Where a layer of a pull is (admin.v1 LayerState).</summary>
public enum LayerPullState
{
    /// <summary>Queued behind other downloads.</summary>
    Waiting,

    /// <summary>Bytes arriving; verified and unpacked as they stream.</summary>
    Downloading,

    /// <summary>Every byte in: checking the digest and the uncompressed diff id.</summary>
    Verifying,

    /// <summary>Committing the unpacked snapshot.</summary>
    Unpacking,

    /// <summary>In the store.</summary>
    Done,
}

/// <summary>
/// One layer being fetched, shared by every pull that needs it (a layer two pulls want is downloaded once). Updated by
/// the download without locks; read by snapshots.
/// </summary>
public sealed class LayerProgress(string digest, long total)
{
    private long _done;
    private int _state;

    public string Digest { get; } = digest;

    /// <summary>Compressed size from the manifest, in bytes.</summary>
    public long Total { get; } = total;

    /// <summary>Compressed bytes received so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    public LayerPullState State
    {
        get => (LayerPullState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    public void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}

/// <summary>A layer as a snapshot shows it.</summary>
public sealed record LayerSnapshot(string Digest, LayerPullState State, long BytesDone, long BytesTotal);

/// <summary>
/// One pull as subscribers see it: what was asked, the normalised reference, its layers (empty until the manifest is
/// read), and at the end the image id or the error.
/// </summary>
public sealed record PullSnapshot(string Image, string Reference, IReadOnlyList<LayerSnapshot> Layers, bool Done, string ImageRef, string Error, long StartedAtNanos);
