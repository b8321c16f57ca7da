using System.Globalization;
using CriRuntime.Shim.Interop;
using CriRuntime.Shim.Monitor;
using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Shim.Modes;

/// <summary>
/// <c>run</c>: the daemon's invocation (the launcher) re-executes the shim as a detached monitor and waits for it to
/// report readiness; the monitor, recognised by <see cref="ReadyFdVariable"/>, runs the container.
/// </summary>
internal static class RunMode
{
    /// <summary>Set only for the re-executed monitor: the descriptor on which it reports readiness.</summary>
    public const string ReadyFdVariable = "CRIRUNTIME_SHIM_READY_FD";

    public static int Run(string[] args)
    {
        var options = ShimRunOptions.Parse(args);
        var readyFd = Environment.GetEnvironmentVariable(ReadyFdVariable);
        if (readyFd is null)
        {
            return Launcher.LaunchAndWait(args);
        }

        if (!int.TryParse(readyFd, NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
        {
            throw new ShimException($"{ReadyFdVariable} is not a descriptor number");
        }

        // The launcher waits for this pipe's end of file. crun's container process (its create forks it, and it waits
        // for start before exec) would inherit the descriptor and hold the launcher until start: not past exec here.
        Fd.SetCloseOnExec(fd);
        return new ContainerMonitor(options, fd).Run();
    }
}
