using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Interop;

/// <summary>Raw file descriptor operations with EINTR retried and failures turned into <see cref="ShimException"/>.</summary>
internal static unsafe class Fd
{
    /// <summary>read(2) result for "nothing now" on a non-blocking descriptor.</summary>
    public const int WouldBlock = -1;

    public static int Open(string path, int flags, ushort mode = 0)
    {
        var z = Utf8Z.From(path);
        fixed (byte* p = z)
        {
            while (true)
            {
                var fd = open(p, flags | O_CLOEXEC, mode);
                if (fd >= 0)
                {
                    return fd;
                }

                var errno = Errno.Tmds;
                if (errno != EINTR)
                {
                    throw Errno.Fail($"open {path}", errno);
                }
            }
        }
    }

    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            // Linux closes the descriptor even when close reports EINTR: never retry.
            _ = close(fd);
        }
    }

    /// <summary>Bytes read; 0 at end of file; <see cref="WouldBlock"/> when a non-blocking descriptor is empty.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = (long)read(fd, p, buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Errno.Tmds;
                if (errno == EAGAIN)
                {
                    return WouldBlock;
                }

                // A pty master reads EIO once every slave descriptor is closed: that is its end of file.
                if (errno == EIO)
                {
                    return 0;
                }

                if (errno != EINTR)
                {
                    throw Errno.Fail("read", errno);
                }
            }
        }
    }

    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var p = start;
            var left = data.Length;
            while (left > 0)
            {
                var n = (long)write(fd, p, left);
                if (n < 0)
                {
                    var errno = Errno.Tmds;
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    throw Errno.Fail("write", errno);
                }

                p += n;
                left -= (int)n;
            }
        }
    }

    /// <summary>A pipe whose two ends are close-on-exec; spawning dup2s the child's end onto 0, 1 or 2.</summary>
    public static (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
        {
            throw Errno.Fail("pipe2", Errno.Tmds);
        }

        return (fds[0], fds[1]);
    }

    /// <summary>Marks an inherited descriptor close-on-exec, so the processes this one spawns do not hold it.</summary>
    public static void SetCloseOnExec(int fd)
    {
        var flags = fcntl(fd, F_GETFD);
        if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0)
        {
            throw Errno.Fail("fcntl FD_CLOEXEC", Errno.Tmds);
        }
    }

    public static void SetNonBlocking(int fd)
    {
        var flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        {
            throw Errno.Fail("fcntl O_NONBLOCK", Errno.Tmds);
        }
    }

    public static void Fsync(int fd)
    {
        if (fsync(fd) != 0)
        {
            throw Errno.Fail("fsync", Errno.Tmds);
        }
    }

    public static void Rename(string from, string to)
    {
        var a = Utf8Z.From(from);
        var b = Utf8Z.From(to);
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            if (Libc.rename(pa, pb) != 0)
            {
                throw Errno.Fail($"rename {from} to {to}", Errno.Last);
            }
        }
    }

    public static void Unlink(string path)
    {
        var z = Utf8Z.From(path);
        fixed (byte* p = z)
        {
            _ = unlink(p);
        }
    }
}
