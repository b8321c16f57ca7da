using Tmds.Linux;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>write(2) of the whole span at most once: the bytes written, or -1 with <paramref name="errno"/> set.</summary>
    public static unsafe long Write(int descriptor, ReadOnlySpan<byte> buffer, out int errno)
    {
        fixed (byte* start = buffer)
        {
            var written = (long)LibC.write(descriptor, start, (size_t)buffer.Length);
            errno = written < 0 ? LibC.errno : 0;
            return written;
        }
    }
}
