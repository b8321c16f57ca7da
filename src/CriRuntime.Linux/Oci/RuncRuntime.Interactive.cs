using System.Diagnostics;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Streaming;
using CriRuntime.Linux.Processes;
using CriRuntime.Linux.Terminal;

namespace CriRuntime.Linux.Oci;

public sealed partial class RuncRuntime
{
    /// <summary>Output still arriving after the process exited (a background child holding it) gets this long.</summary>
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a tty exec waits for the client's first terminal size before it starts the process.</summary>
    private static readonly TimeSpan FirstSizeWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>runtime exec</c> in the foreground, so that the runtime reaps the process and exits with its code.
    /// Without a tty the runtime's stdio are pipes the process inherits. With a tty the runtime makes the container's
    /// pty itself and copies between it and its own stdio, which must be a terminal: the daemon opens a pty pair and
    /// the runtime is started (through /bin/sh, which opens the slave by path) with the slave as stdio. Resizes are
    /// applied to that pty and SIGWINCH tells the runtime to copy the size into the container's.
    /// </summary>
    public async Task<int> ExecInteractiveAsync(string id, OciProcess process, ProcessStreams streams, CancellationToken cancellationToken)
    {
        TerminalSize? size = streams.Tty ? await FirstSizeAsync(streams.Resize, cancellationToken) : null;
        if (size is { } first)
        {
            process.ConsoleSize = new OciBox { Width = first.Width, Height = first.Height };
        }

        var (processFile, pidFile) = await WriteProcessFileAsync(process, cancellationToken);
        try
        {
            var runtimeArgs = GlobalArgs().Concat(["exec", "--process", processFile, "--pid-file", pidFile, id]).ToList();
            return streams.Tty
                ? await ExecWithTerminalAsync(runtimeArgs, pidFile, streams, size, cancellationToken)
                : await ExecWithPipesAsync(runtimeArgs, pidFile, streams, cancellationToken);
        }
        finally
        {
            File.Delete(processFile);
            File.Delete(pidFile);
        }
    }

    private async Task<int> ExecWithPipesAsync(List<string> runtimeArgs, string pidFile, ProcessStreams streams, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        runtimeArgs.ForEach(info.ArgumentList.Add);
        using var runc = Process.Start(info) ?? throw new OciRuntimeException($"{BinaryPath} did not start");
        using var stdio = runc.OwnStdio();
        using var pumps = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdin = PumpStdinAsync(streams.Stdin, runc.StandardInput.BaseStream, pumps.Token);
        var stdout = CopyOutputAsync(runc.StandardOutput.BaseStream, streams.Stdout, pumps.Token);
        var stderr = CopyOutputAsync(runc.StandardError.BaseStream, streams.Stderr, pumps.Token);
        await WaitOrKillAsync(runc, pidFile, cancellationToken);
        pumps.CancelAfter(OutputDrainGrace);
        await Task.WhenAll(stdout, stderr);
        await pumps.CancelAsync();
        await stdin;
        return runc.ExitCode;
    }

    private async Task<int> ExecWithTerminalAsync(List<string> runtimeArgs, string pidFile, ProcessStreams streams, TerminalSize? size, CancellationToken cancellationToken)
    {
        using var terminal = PseudoTerminal.Open();
        if (size is { } first)
        {
            terminal.Resize(first.Width, first.Height);
        }
        // $1 is the slave's path; the rest is the runtime's command line, run with the slave as stdin/out/err.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in new[] { "-c", "pts=$1; shift; exec \"$@\" <>\"$pts\" >&0 2>&0", "sh", terminal.SlavePath, BinaryPath }.Concat(runtimeArgs))
        {
            info.ArgumentList.Add(arg);
        }

        using var runc = Process.Start(info) ?? throw new OciRuntimeException($"{BinaryPath} did not start");
        using var stdio = runc.OwnStdio();
        using var pumps = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resize = ApplyResizesAsync(streams.Resize, terminal, runc, pumps.Token);
        var stdin = PumpStdinAsync(streams.Stdin, terminal.Master, pumps.Token, closeAtEnd: false);
        var stdout = CopyOutputAsync(terminal.Master, streams.Stdout, pumps.Token);
        await WaitOrKillAsync(runc, pidFile, cancellationToken);
        terminal.ReleaseSlave();
        pumps.CancelAfter(OutputDrainGrace);
        await stdout;
        await pumps.CancelAsync();
        await Task.WhenAll(stdin, resize);
        return runc.ExitCode;
    }

    private static async Task WaitOrKillAsync(Process runc, string pidFile, CancellationToken cancellationToken)
    {
        try
        {
            await runc.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            KillExec(pidFile, runc);
            throw;
        }
    }

    /// <summary>
    /// Clients send the terminal's size right after they connect; waiting a moment for it lets the process start
    /// with the right size (the OCI process's consoleSize). Null when none came in time.
    /// </summary>
    private static async Task<TerminalSize?> FirstSizeAsync(System.Threading.Channels.ChannelReader<TerminalSize>? sizes, CancellationToken cancellationToken)
    {
        if (sizes is null)
        {
            return null;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(FirstSizeWait);
        try
        {
            return await sizes.WaitToReadAsync(wait.Token) && sizes.TryRead(out var size) ? size : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task ApplyResizesAsync(System.Threading.Channels.ChannelReader<TerminalSize>? sizes, PseudoTerminal terminal, Process runc, CancellationToken cancellationToken)
    {
        if (sizes is null)
        {
            return;
        }

        try
        {
            await foreach (var size in sizes.ReadAllAsync(cancellationToken))
            {
                terminal.Resize(size.Width, size.Height);
                // The runtime copies its own terminal's size into the container's on SIGWINCH.
                _ = Interop.Native.Kill(runc.Id, Interop.Native.SIGWINCH);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Copies the client's stdin to the process; at its end the pipe is closed (a terminal stays open).</summary>
    private static async Task PumpStdinAsync(Stream? from, Stream to, CancellationToken cancellationToken, bool closeAtEnd = true)
    {
        try
        {
            if (from is not null)
            {
                await from.CopyToAsync(to, 32 * 1024, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            if (closeAtEnd)
            {
                await to.DisposeAsync();
            }
        }
    }

    /// <summary>Copies process output to the client until its end (a pty master reports EIO at the end).</summary>
    private static async Task CopyOutputAsync(Stream from, Stream? to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                if (to is not null)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await to.FlushAsync(cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
