namespace CriRuntime.Core.Images.Content;

/// <summary>A pass-through that reports how many bytes each read returned (pull progress).</summary>
public sealed class CountingStream(Stream inner, Action<int> counted) : ObservingReadStream(inner)
{
    protected override void Observe(ReadOnlySpan<byte> data) => counted(data.Length);
}
