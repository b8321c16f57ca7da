using System.Globalization;
using System.Text;
using CriRuntime.Shim.Control;
using CriRuntime.Shim.Exit;
using CriRuntime.Shim.Interop;
using CriRuntime.Shim.Logging;
using CriRuntime.ShimContract.Arguments;
using CriRuntime.ShimContract.Control;
using CriRuntime.ShimContract.Exit;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Monitor;

/// <summary>
/// The detached monitor of one container: runs the OCI runtime's create, reports readiness, then copies the
/// container's output into the CRI log and serves the control socket from one poll(2) loop on the main thread, until
/// the container's init exits; then drains the output, writes the exit file and exits. No thread pool, no async.
/// </summary>
internal sealed unsafe partial class ContainerMonitor : IControlHandler
{
    // One CRI log line's worth (CriLogFormatter.MaxLineBytes): a larger buffer is resident in every shim for nothing.
    private const int ReadChunk = CriLogFormatter.MaxLineBytes;

    private readonly ShimRunOptions _options;
    private readonly byte[] _readBuffer = new byte[ReadChunk];
    private readonly List<OutputSource> _outputs = [];

    // Children reaped before we knew what they were (the init's PID is known only after create).
    private readonly Dictionary<int, int> _reaped = [];
    private int _readyFd;
    private int _signalFd = -1;
    private int _ptyMaster = -1;
    private int _stdinWrite = -1;
    private int _initPid;
    private CriLogWriter? _log;
    private ControlServer? _control;
    private ExitRecord? _exit;

    public ContainerMonitor(ShimRunOptions options, int readyFd)
    {
        _options = options;
        _readyFd = readyFd;
    }

    public int Run()
    {
        try
        {
            // Hold no directory of the daemon's busy.
            Directory.SetCurrentDirectory("/");
            ChildReaper.BecomeSubreaper();
            _signalFd = Signals.OpenSignalFd();
            _log = new CriLogWriter(_options.Log);
            Create();
            _initPid = ReadPidFile();
            if (_reaped.Remove(_initPid, out var early))
            {
                _exit = ExitRecord.FromWaitStatus(early, Clock.UnixNanoseconds());
            }

            _control = new ControlServer(_options.Socket, this);
        }
        catch (Exception e) when (e is ShimException or IOException or UnauthorizedAccessException)
        {
            TryWriteExitFile(ExitRecord.Failed(e.Message));
            Report("error: " + e.Message.ReplaceLineEndings(" "));
            return 1;
        }

        Report("ok");
        Loop();
        DrainOutputs();
        TryWriteExitFile(_exit!);
        _control.Dispose();
        _log.Dispose();
        return 0;
    }

    public byte[] Handle(ControlRequest request)
    {
        switch (request.Op)
        {
            case ControlOp.Reopen:
                try
                {
                    _log!.Reopen();
                    return ControlResponse.Ok();
                }
                catch (ShimException e)
                {
                    return ControlResponse.Error(e.Message);
                }

            case ControlOp.Resize:
                if (_ptyMaster < 0)
                {
                    return ControlResponse.Error("resize needs a container started with --tty");
                }

                winsize size = default;
                size.ws_col = request.Width;
                size.ws_row = request.Height;
                return ioctl(_ptyMaster, TIOCSWINSZ, &size) == 0
                    ? ControlResponse.Ok()
                    : ControlResponse.Error(Errno.Fail("TIOCSWINSZ", Errno.Tmds).Message);

            case ControlOp.Status:
                return ControlResponse.Status(_initPid, _exit is null);

            case ControlOp.Attach:
                return request.Stdin && _stdinWrite < 0 && _ptyMaster < 0
                    ? ControlResponse.Error("the container was not created with stdin")
                    : _exit is not null ? ControlResponse.Error("the container has exited") : ControlResponse.Ok();

            default:
                return ControlResponse.Error("unknown operation");
        }
    }

    /// <summary>
    /// Writes what an attacher typed to the container's stdin (the pty with a tty). The pipe is blocking: a container
    /// that does not read its stdin holds up the monitor only once the pipe's 64 KiB are full.
    /// </summary>
    public void AttachInput(ReadOnlySpan<byte> data)
    {
        var target = _ptyMaster >= 0 ? _ptyMaster : _stdinWrite;
        if (target < 0)
        {
            return;
        }

        try
        {
            Fd.WriteAll(target, data);
        }
        catch (ShimException)
        {
            // The container closed its stdin or exited; what the attacher typed has nowhere to go.
        }
    }

    /// <summary>With --stdin-once the container's stdin is closed when the first attacher that had stdin leaves.</summary>
    public void Detached(bool hadStdin)
    {
        if (hadStdin && _options.StdinOnce && _ptyMaster < 0 && _stdinWrite >= 0)
        {
            Fd.Close(_stdinWrite);
            _stdinWrite = -1;
        }
    }

    private void Loop()
    {
        // signalfd + outputs + control listener and connections.
        var fds = stackalloc pollfd[1 + 3 + 1 + ControlServer.MaxConnections];
        while (_exit is null)
        {
            var count = 0;
            fds[count++] = Poll(_signalFd);
            var firstOutput = count;
            foreach (var output in _outputs)
            {
                fds[count++] = Poll(output.Fd);
            }

            var firstControl = count;
            count += _control!.AddTo(fds, count);
            if (poll(fds, (ulong_t)(uint)count, -1) < 0)
            {
                var errno = Errno.Tmds;
                if (errno == EINTR)
                {
                    continue;
                }

                throw Errno.Fail("poll", errno);
            }

            // Output first: a reopen in the same round then happens after these lines are written.
            for (var i = 0; i < _outputs.Count; i++)
            {
                if (fds[firstOutput + i].revents != 0)
                {
                    CopyOnce(_outputs[i]);
                }
            }

            if (fds[0].revents != 0)
            {
                HandleSignals();
            }

            _control.Dispatch(fds, firstControl, count - firstControl);
            _ = _outputs.RemoveAll(o => !o.IsOpen);
        }
    }

    private void HandleSignals()
    {
        // SIGTERM, SIGINT and SIGHUP are read and dropped: the container, not the shim, is what gets stopped.
        while (Signals.ReadNext(_signalFd) != 0)
        {
        }

        while (ChildReaper.TryReap(out var pid, out var status))
        {
            if (pid == _initPid && _initPid > 0)
            {
                _exit = ExitRecord.FromWaitStatus(status, Clock.UnixNanoseconds());
            }
            else
            {
                _reaped[pid] = status;
            }
        }

        // Orphans of the container are reaped and forgotten; only the runtime's status matters, during create.
        if (_initPid > 0)
        {
            _reaped.Clear();
        }
    }

    /// <summary>One read; false when nothing was there.</summary>
    private bool CopyOnce(OutputSource output)
    {
        int n;
        try
        {
            n = Fd.Read(output.Fd, _readBuffer);
        }
        catch (ShimException)
        {
            n = 0;
        }

        if (n == Fd.WouldBlock)
        {
            return false;
        }

        if (n == 0)
        {
            Fd.Close(output.Fd);
            output.Fd = -1;
            return false;
        }

        _log!.Write(output.Stream, _readBuffer.AsSpan(0, n));
        _control?.Broadcast(output.Stream, _readBuffer.AsSpan(0, n));
        return true;
    }

    /// <summary>
    /// After the init exited: copies what is already in the pipes, without waiting for an end of file that a
    /// leftover process holding the pipe could delay forever.
    /// </summary>
    private void DrainOutputs()
    {
        foreach (var output in _outputs)
        {
            while (output.IsOpen && CopyOnce(output))
            {
            }

            Fd.Close(output.Fd);
            output.Fd = -1;
        }

        _outputs.Clear();
        Fd.Close(_stdinWrite);
        _stdinWrite = -1;
    }

    private int ReadPidFile()
    {
        var text = File.ReadAllText(_options.PidFile).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new ShimException($"pid file {_options.PidFile} holds no PID: \"{text}\"");
    }

    private void Report(string message)
    {
        if (_readyFd < 0)
        {
            return;
        }

        try
        {
            Fd.WriteAll(_readyFd, Encoding.UTF8.GetBytes(message + "\n"));
        }
        catch (ShimException)
        {
            // The launcher is gone; the daemon still finds the socket or the exit file.
        }

        Fd.Close(_readyFd);
        _readyFd = -1;
    }

    private void TryWriteExitFile(ExitRecord record)
    {
        try
        {
            ExitFile.Write(_options.ExitFile, record);
        }
        catch (ShimException)
        {
            // Nothing else can record it; the daemon sees a shim without a socket or an exit file.
        }
    }

    private static pollfd Poll(int fd)
    {
        pollfd p = default;
        p.fd = fd;
        p.events = POLLIN;
        return p;
    }
}
