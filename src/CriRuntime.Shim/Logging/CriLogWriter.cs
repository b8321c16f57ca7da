using System.Buffers;
using CriRuntime.Shim.Interop;
using CriRuntime.ShimContract.Exit;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Logging;

/// <summary>
/// Appends CRI log lines to the container's log file. All writes come from the shim's one loop thread, and each read's
/// entries are written before the loop looks at the control socket, so a reopen falls between lines: none is lost,
/// split or written twice.
/// </summary>
internal sealed class CriLogWriter : IDisposable
{
    // One read's entries (a 16 KiB read plus each line's timestamp and tag); it grows if a read of short lines needs more.
    private const int InitialBuffer = 20 * 1024;
    private const ushort FileMode = 0x1A0; // 0640: kubelet reads as root; other users have no business here.

    private ArrayBufferWriter<byte> _buffer = new(InitialBuffer);
    private readonly byte[] _timestamp = new byte[Rfc3339Nano.Length];
    private int _fd;

    public CriLogWriter(string path)
    {
        Path = path;
        _fd = OpenLog(path);
    }

    public string Path { get; }

    public void Write(LogStream stream, ReadOnlySpan<byte> chunk) => Write(stream, chunk, Clock.UnixNanoseconds());

    public void Write(LogStream stream, ReadOnlySpan<byte> chunk, long unixNanoseconds)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        Rfc3339Nano.Format(unixNanoseconds, _timestamp);
        _buffer.ResetWrittenCount();
        CriLogFormatter.Append(_buffer, _timestamp, stream, chunk);
        try
        {
            Fd.WriteAll(_fd, _buffer.WrittenSpan);
        }
        catch (ShimException)
        {
            // A full disk must not stop the container: its output is dropped, the pipes keep draining.
        }

        if (_buffer.Capacity > 256 * 1024)
        {
            // One huge read grew the buffer; give the memory back rather than keep it for the container's life.
            _buffer = new ArrayBufferWriter<byte>(InitialBuffer);
        }
    }

    /// <summary>Opens the path anew (kubelet renamed the old file); the old descriptor stays if the open fails.</summary>
    public void Reopen()
    {
        var fd = OpenLog(Path);
        Fd.Close(_fd);
        _fd = fd;
    }

    public void Dispose()
    {
        Fd.Close(_fd);
        _fd = -1;
    }

    private static int OpenLog(string path) => Fd.Open(path, O_WRONLY | O_CREAT | O_APPEND, FileMode);
}
