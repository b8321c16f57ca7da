using CriRuntime.Shim.Interop;
using CriRuntime.ShimContract.Control;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Control;

/// <summary>
/// The control socket, served from the monitor's poll loop: non-blocking, one JSON request per line, one answer per
/// line. After an accepted <c>attach</c> the connection carries the container's streams instead: what the attacher
/// sends is stdin (raw bytes; its end detaches), what the shim sends are frames of output, each a stream byte
/// (1 stdout, 2 stderr), a 4-byte big-endian length and the bytes. An attacher that cannot take output as fast as
/// it comes (its socket buffer is full) is detached; the log still gets everything. The socket is bound under a temporary name and renamed into place once it listens, so the daemon, which
/// polls for the path, never finds a socket that refuses connections.
/// </summary>
internal sealed unsafe class ControlServer : IDisposable
{
    public const int MaxConnections = 16;
    private const int MaxLine = 4096;

    private readonly string _path;
    private readonly IControlHandler _handler;
    private readonly List<Connection> _connections = [];
    private int _listener;

    public ControlServer(string path, IControlHandler handler)
    {
        _path = path;
        _handler = handler;
        var temporary = path + ".t";
        _listener = UnixSocket.Listen(temporary);
        try
        {
            Fd.Rename(temporary, path);
        }
        catch
        {
            Fd.Close(_listener);
            Fd.Unlink(temporary);
            throw;
        }
    }

    /// <summary>Adds the listener and each connection to the poll set; returns how many it added.</summary>
    public int AddTo(pollfd* fds, int at)
    {
        var count = 0;
        if (_connections.Count < MaxConnections)
        {
            fds[at].fd = _listener;
            fds[at].events = POLLIN;
            fds[at].revents = 0;
            count++;
        }

        foreach (var connection in _connections)
        {
            fds[at + count].fd = connection.Fd;
            fds[at + count].events = POLLIN;
            fds[at + count].revents = 0;
            count++;
        }

        return count;
    }

    /// <summary>Serves what poll reported for the entries <see cref="AddTo"/> added.</summary>
    public void Dispatch(pollfd* fds, int at, int count)
    {
        var done = new List<Connection>();
        for (var i = at; i < at + count; i++)
        {
            if (fds[i].revents == 0)
            {
                continue;
            }

            if (fds[i].fd == _listener)
            {
                var fd = UnixSocket.Accept(_listener);
                if (fd >= 0)
                {
                    _connections.Add(new Connection(fd));
                }

                continue;
            }

            var connection = _connections.Find(c => c.Fd == fds[i].fd);
            if (connection is not null && !(connection.Attach is null ? Serve(connection) : ServeAttached(connection)))
            {
                done.Add(connection);
            }
        }

        done.ForEach(Drop);
    }

    /// <summary>Sends output to every attacher that asked for this stream.</summary>
    public void Broadcast(Logging.LogStream stream, ReadOnlySpan<byte> data)
    {
        var wanted = stream == Logging.LogStream.Stdout ? AttachFrame.Stdout : AttachFrame.Stderr;
        var frame = AttachFrame.Build(wanted, data);
        foreach (var connection in _connections.Where(c => c.Attach is { } a && (wanted == AttachFrame.Stdout ? a.Stdout : a.Stderr)).ToList())
        {
            try
            {
                Fd.WriteAll(connection.Fd, frame);
            }
            catch (ShimException)
            {
                Drop(connection);
            }
        }
    }

    private void Drop(Connection connection)
    {
        Fd.Close(connection.Fd);
        _ = _connections.Remove(connection);
        if (connection.Attach is { } attach)
        {
            _handler.Detached(attach.Stdin);
        }
    }

    /// <summary>Stdin from an attacher; false when it is finished (its end, or an error).</summary>
    private bool ServeAttached(Connection connection)
    {
        int n;
        try
        {
            n = Fd.Read(connection.Fd, connection.Buffer);
        }
        catch (ShimException)
        {
            return false;
        }

        if (n == Fd.WouldBlock)
        {
            return true;
        }

        if (n > 0 && connection.Attach!.Stdin)
        {
            _handler.AttachInput(connection.Buffer.AsSpan(0, n));
        }

        return n > 0;
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            Fd.Close(connection.Fd);
        }

        _connections.Clear();
        if (_listener >= 0)
        {
            Fd.Close(_listener);
            _listener = -1;
            Fd.Unlink(_path);
        }
    }

    /// <summary>Reads what arrived and answers every complete line; false when the connection is finished.</summary>
    private bool Serve(Connection connection)
    {
        int n;
        try
        {
            n = Fd.Read(connection.Fd, connection.Buffer.AsSpan(connection.Length));
        }
        catch (ShimException)
        {
            return false;
        }

        if (n == Fd.WouldBlock)
        {
            return true;
        }

        if (n == 0)
        {
            return false;
        }

        connection.Length += n;
        try
        {
            while (true)
            {
                var pending = connection.Buffer.AsSpan(0, connection.Length);
                var newline = pending.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    if (connection.Length == MaxLine)
                    {
                        Fd.WriteAll(connection.Fd, ControlResponse.Error("request line too long"));
                        return false;
                    }

                    return true;
                }

                var answer = ControlRequest.TryParse(pending[..newline], out var request, out var error)
                    ? _handler.Handle(request!)
                    : ControlResponse.Error(error);
                Fd.WriteAll(connection.Fd, answer);
                pending[(newline + 1)..].CopyTo(connection.Buffer);
                connection.Length -= newline + 1;
                if (request is { Op: ControlOp.Attach } && ControlResponse.IsOk(answer))
                {
                    // From here on the connection carries streams; bytes that followed the request are stdin.
                    connection.Attach = request;
                    if (request.Stdin && connection.Length > 0)
                    {
                        _handler.AttachInput(connection.Buffer.AsSpan(0, connection.Length));
                    }

                    connection.Length = 0;
                    return true;
                }
            }
        }
        catch (ShimException)
        {
            // The peer went away or does not read its answers.
            return false;
        }
    }

    private sealed class Connection(int fd)
    {
        public int Fd { get; } = fd;

        public byte[] Buffer { get; } = new byte[MaxLine];

        public int Length { get; set; }

        /// <summary>The attach request once the connection carries streams.</summary>
        public ControlRequest? Attach { get; set; }
    }
}
