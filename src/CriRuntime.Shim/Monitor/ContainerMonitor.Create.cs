using System.Text;
using CriRuntime.Shim.Exit;
using CriRuntime.Shim.Interop;
using CriRuntime.Shim.Logging;
using CriRuntime.ShimContract.Exit;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Monitor;

/// <summary>Step 2 of docs/shim.md: <c>RUNTIME create</c> with the container's stdio held by the shim.</summary>
internal sealed unsafe partial class ContainerMonitor
{
    // What the runtime says on failure is kept up to this size for the exit file.
    private const int MaxErrorBytes = 16 * 1024;

    private void Create()
    {
        var devNull = Fd.Open("/dev/null", O_RDWR);
        var childEnds = new List<int> { devNull };
        string? consoleDir = null;
        var consoleListener = -1;
        try
        {
            int stdin = devNull, stdout, stderr;
            string? consoleSocket = null;
            if (_options.Tty)
            {
                // runc sends the pty master over this socket; a private short path keeps within sun_path's 108 bytes.
                consoleDir = Directory.CreateTempSubdirectory("criruntime-shim-").FullName;
                consoleSocket = Path.Combine(consoleDir, "console.sock");
                consoleListener = UnixSocket.Listen(consoleSocket, 1);

                // The runtime's own messages; the container writes to the pty.
                var (r, w) = Fd.Pipe();
                childEnds.Add(w);
                Fd.SetNonBlocking(r);
                _outputs.Add(new OutputSource(r, LogStream.Stderr));
                stdout = stderr = w;
            }
            else
            {
                if (_options.Stdin)
                {
                    var (r, w) = Fd.Pipe();
                    childEnds.Add(r);
                    _stdinWrite = w;
                    stdin = r;
                }

                var (outRead, outWrite) = Fd.Pipe();
                childEnds.Add(outWrite);
                Fd.SetNonBlocking(outRead);
                _outputs.Add(new OutputSource(outRead, LogStream.Stdout));
                var (errRead, errWrite) = Fd.Pipe();
                childEnds.Add(errWrite);
                Fd.SetNonBlocking(errRead);
                _outputs.Add(new OutputSource(errRead, LogStream.Stderr));
                stdout = outWrite;
                stderr = errWrite;
            }

            var args = _options.CreateArguments(consoleSocket);
            var runtimePid = ProcessSpawner.Spawn(new SpawnRequest(_options.Runtime, args, stdin, stdout, stderr)
            {
                DropVariable = Modes.RunMode.ReadyFdVariable,
            });
            foreach (var fd in childEnds)
            {
                Fd.Close(fd);
            }

            childEnds.Clear();
            var said = WaitForCreate(runtimePid, consoleListener, out var status);
            var result = ExitRecord.FromWaitStatus(status, 0);
            if (result.ExitCode != 0)
            {
                var text = Encoding.UTF8.GetString(said.ToArray()).Trim();
                throw new ShimException(text.Length > 0
                    ? text
                    : $"{_options.Runtime} create exited with code {result.ExitCode}");
            }

            if (_options.Tty)
            {
                // Only the runtime wrote to that pipe, and it is done.
                foreach (var output in _outputs)
                {
                    Fd.Close(output.Fd);
                }

                _outputs.Clear();
                if (_ptyMaster < 0)
                {
                    throw new ShimException($"{_options.Runtime} sent no pty master on the console socket");
                }

                Fd.SetNonBlocking(_ptyMaster);
                _outputs.Add(new OutputSource(_ptyMaster, LogStream.Stdout));
            }
            else if (said.Length > 0)
            {
                // Create succeeded, so this was the container's (nothing runs before start; a hook may have spoken).
                _log!.Write(LogStream.Stderr, said.ToArray());
            }
        }
        finally
        {
            foreach (var fd in childEnds)
            {
                Fd.Close(fd);
            }

            Fd.Close(consoleListener);
            if (consoleDir is not null)
            {
                Directory.Delete(consoleDir, recursive: true);
            }
        }
    }

    /// <summary>Runs the poll loop until the runtime exits, keeping what it wrote and accepting the pty master.</summary>
    private MemoryStream WaitForCreate(int runtimePid, int consoleListener, out int status)
    {
        var said = new MemoryStream();
        var fds = stackalloc pollfd[4];
        while (true)
        {
            var count = 0;
            fds[count++] = Poll(_signalFd);
            foreach (var output in _outputs)
            {
                fds[count++] = Poll(output.Fd);
            }

            var consoleIndex = -1;
            if (consoleListener >= 0 && _ptyMaster < 0)
            {
                consoleIndex = count;
                fds[count++] = Poll(consoleListener);
            }

            if (poll(fds, (ulong_t)(uint)count, -1) < 0 && Errno.Tmds != EINTR)
            {
                throw Errno.Fail("poll", Errno.Tmds);
            }

            for (var i = 0; i < _outputs.Count; i++)
            {
                if (fds[1 + i].revents != 0 && _outputs[i].IsOpen)
                {
                    var n = Fd.Read(_outputs[i].Fd, _readBuffer);
                    if (n == 0)
                    {
                        Fd.Close(_outputs[i].Fd);
                        _outputs[i].Fd = -1;
                    }
                    else if (n > 0 && said.Length < MaxErrorBytes)
                    {
                        said.Write(_readBuffer, 0, Math.Min(n, MaxErrorBytes - (int)said.Length));
                    }
                }
            }

            if (consoleIndex >= 0 && fds[consoleIndex].revents != 0)
            {
                var connection = UnixSocket.Accept(consoleListener);
                if (connection >= 0)
                {
                    UnixSocket.SetBlocking(connection);
                    _ptyMaster = UnixSocket.ReceiveFd(connection);
                    Fd.Close(connection);
                }
            }

            if (fds[0].revents != 0)
            {
                HandleSignals();
                if (_reaped.Remove(runtimePid, out status))
                {
                    // What the runtime wrote just before exiting is in the pipes already.
                    foreach (var output in _outputs)
                    {
                        int n;
                        while (output.IsOpen && (n = Fd.Read(output.Fd, _readBuffer)) > 0 && said.Length < MaxErrorBytes)
                        {
                            said.Write(_readBuffer, 0, Math.Min(n, MaxErrorBytes - (int)said.Length));
                        }
                    }

                    return said;
                }
            }
        }
    }
}
