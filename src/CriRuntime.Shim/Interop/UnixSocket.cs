using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Interop;

/// <summary>Unix stream sockets on raw descriptors: listening, accepting, and receiving a descriptor (SCM_RIGHTS).</summary>
internal static unsafe class UnixSocket
{
    /// <summary>A listening socket bound at <paramref name="path"/> (a stale file there is replaced).</summary>
    public static int Listen(string path, int backlog = 16)
    {
        var fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
        {
            throw Errno.Fail("socket", Errno.Tmds);
        }

        try
        {
            Fd.Unlink(path);
            sockaddr_un addr = default;
            var length = Fill(&addr, path);
            if (bind(fd, (sockaddr*)&addr, length) != 0)
            {
                throw Errno.Fail($"bind {path}", Errno.Tmds);
            }

            if (listen(fd, backlog) != 0)
            {
                throw Errno.Fail($"listen {path}", Errno.Tmds);
            }

            return fd;
        }
        catch
        {
            Fd.Close(fd);
            throw;
        }
    }

    /// <summary>A non-blocking accepted connection, or -1 when none is pending.</summary>
    public static int Accept(int listener)
    {
        while (true)
        {
            var fd = accept4(listener, null, null, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Errno.Tmds;
            if (errno != EINTR)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// Reads one message carrying a descriptor, as runc sends the pty master on --console-socket; -1 if the
    /// peer sent none.
    /// </summary>
    public static int ReceiveFd(int connection)
    {
        var data = stackalloc byte[4096];
        const int controlSize = 64;
        var control = stackalloc byte[controlSize];
        iovec io = default;
        io.iov_base = data;
        io.iov_len = 4096;
        msghdr msg = default;
        msg.msg_iov = &io;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = controlSize;
        long n;
        do
        {
            n = (long)recvmsg(connection, &msg, Libc.MSG_CMSG_CLOEXEC);
        }
        while (n < 0 && Errno.Tmds == EINTR);

        if (n < 0)
        {
            throw Errno.Fail("recvmsg on the console socket", Errno.Tmds);
        }

        for (var c = CMSG_FIRSTHDR(&msg); c != null; c = CMSG_NXTHDR(&msg, c))
        {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            {
                return *(int*)CMSG_DATA(c);
            }
        }

        return -1;
    }

    public static void SetBlocking(int fd)
    {
        var flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
        {
            _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        }
    }

    private static socklen_t Fill(sockaddr_un* addr, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        var max = sockaddr_un.sun_path_length - 1;
        if (bytes.Length > max)
        {
            throw new ShimException($"socket path {path} is longer than {max} bytes");
        }

        addr->sun_family = AF_UNIX;
        for (var i = 0; i < bytes.Length; i++)
        {
            addr->sun_path[i] = bytes[i];
        }

        addr->sun_path[bytes.Length] = 0;
        return sockaddr_un.sun_path_offset + bytes.Length + 1;
    }
}
