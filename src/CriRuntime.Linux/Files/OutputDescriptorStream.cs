using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Files;

/// <summary>
/// A write-only, unbuffered stream over an inherited descriptor (stdout, stderr) with write(2): the bytes go where the
/// descriptor's shared offset is and move it, as they do for every other program. It exists because .NET offers only
/// two ways to write to a descriptor and both are wrong for a command line: <see cref="FileStream"/> writes a regular
/// file with pwrite(2) at an offset of its own (so <c>cmd &gt; log 2&gt;&amp;1</c> overwrites itself and the shell's
/// next write overwrites it), and System.Console's streams make .NET initialise the terminal, which writes terminfo's
/// keypad_xmit (<c>ESC[?1h ESC=</c>) to it. What a closed pipe no longer takes is dropped (EPIPE), as System.Console
/// does, so <c>criruntime images | head</c> ends quietly.
/// </summary>
public sealed class OutputDescriptorStream(int descriptor) : Stream
{
    private const int EPIPE = 32;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private bool _broken;

    public override bool CanRead => false;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length && !_broken)
        {
            var written = Native.Write(descriptor, buffer[done..], out var errno);
            if (written >= 0)
            {
                done += (int)written;
            }
            else if (errno == EPIPE)
            {
                _broken = true;
            }
            else if (errno == EAGAIN)
            {
                // A descriptor someone else made non-blocking (a shared terminal): wait for room.
                Thread.Sleep(1);
            }
            else if (errno != EINTR)
            {
                throw Native.Error("write", $"descriptor {descriptor}", errno);
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A terminal or pipe takes small writes at once; a blocked one blocks this thread, as Console's streams do.
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
