using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// A response body that fails when the registry sends nothing for the stall timeout: the deadline is on the lack
/// of progress, not on the total time, so a large layer over a slow but live link still completes.
/// Disposing it disposes the response.
/// </summary>
internal sealed class StallGuardStream(Stream inner, IDisposable owner, TimeSpan stallTimeout, string what) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        try
        {
            return await inner.ReadAsync(buffer, stall.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Stalled(stallTimeout, what, e);
        }
        catch (Exception e) when (e is IOException or System.Net.Http.HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new CriException(ErrorKind.Unavailable, $"connection lost while reading {what}: {e.Message}", e);
        }
    }

    public static CriException Stalled(TimeSpan stallTimeout, string what, Exception? inner = null) =>
        new(ErrorKind.DeadlineExceeded, $"registry sent nothing for {stallTimeout.TotalSeconds:0.###}s while sending {what}", inner);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner.Dispose();
        }

        base.Dispose(disposing);
    }
}
