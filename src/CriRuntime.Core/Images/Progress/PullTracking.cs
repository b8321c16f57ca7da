namespace CriRuntime.Core.Images.Progress;

/// <summary>One pull in the <see cref="PullProgressTracker"/>; ended by <see cref="Complete"/> or <see cref="Fail"/>, removed on dispose.</summary>
public sealed class PullTracking : IDisposable
{
    private readonly PullProgressTracker _tracker;
    private readonly Lock _lock = new();
    private IReadOnlyList<LayerProgress> _layers = [];
    private string _reference = "";
    private string _imageRef = "";
    private string _error = "";
    private bool _done;

    internal PullTracking(PullProgressTracker tracker, string image, long startedAtNanos, DateTime startedUtc)
    {
        _tracker = tracker;
        Image = image;
        StartedAtNanos = startedAtNanos;
        StartedUtc = startedUtc;
    }

    public string Image { get; }

    public long StartedAtNanos { get; }

    internal DateTime StartedUtc { get; }

    internal DateTime LastSlowLog { get; set; }

    /// <summary>Once the manifest is read: the normalised reference and the layers (shared with other pulls of the same layer).</summary>
    public void SetLayers(string reference, IReadOnlyList<LayerProgress> layers)
    {
        lock (_lock)
        {
            _reference = reference;
            _layers = layers;
        }
    }

    public void Complete(string imageRef) => End(imageRef, "");

    public void Fail(string error) => End("", error);

    public PullSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new PullSnapshot(
                Image,
                _reference,
                [.. _layers.Select(static l => new LayerSnapshot(l.Digest, l.State, l.Done, l.Total))],
                _done,
                _imageRef,
                _error,
                StartedAtNanos);
        }
    }

    public void Dispose() => _tracker.Remove(this);

    private void End(string imageRef, string error)
    {
        lock (_lock)
        {
            _done = true;
            _imageRef = imageRef;
            _error = error;
        }

        _tracker.Publish(this);
    }
}
