namespace CriRuntime.TestSupport.Streaming;

/// <summary>A stand-in for a local connection: reads give <paramref name="request"/> then end; writes go to <paramref name="answer"/>.</summary>
internal sealed class RequestAnswerStream(byte[] request, Stream answer) : Stream
{
    private readonly MemoryStream _request = new(request);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _request.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => answer.Write(buffer, offset, count);

    public override void Flush() => answer.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _request.Dispose();
        }

        base.Dispose(disposing);
    }
}
