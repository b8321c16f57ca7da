using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Core.Containers;

/// <summary>What the shim wrote into the exit file (<see cref="ShimContract.Exit.ExitFileFormat"/>).</summary>
public sealed record ContainerExit(int ExitCode, int Signal, DateTimeOffset ExitedAt, bool OomKilled, string? Error);

/// <summary>Launches per-container shims and talks to them (control socket, exit file).</summary>
public interface IShimHost
{
    /// <summary>
    /// Starts the shim, which creates the container through the OCI runtime; returns the container's init PID once
    /// the shim's control socket exists. Throws <see cref="OciRuntimeException"/> with the runtime's error if create failed.
    /// </summary>
    Task<int> LaunchAsync(ShimRunOptions launch, CancellationToken cancellationToken);

    /// <summary>The exit file, or null while the container runs (or the file is incomplete).</summary>
    ContainerExit? ReadExit(string exitFile);

    /// <summary>Asks the shim to reopen the log file; false when no shim answers.</summary>
    Task<bool> ReopenLogAsync(string socket, CancellationToken cancellationToken);

    /// <summary>Whether a shim answers on the socket.</summary>
    Task<bool> IsAliveAsync(string socket, CancellationToken cancellationToken);

    /// <summary>
    /// Holds a connection to the shim's control socket until the shim closes it: at its exit (after it wrote the
    /// exit file) or at its death. Returns at once when no shim answers on the socket.
    /// </summary>
    Task WaitForShimExitAsync(string socket, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches to the container's streams through its shim: output until the container exits, stdin until the
    /// client's stdin ends (which ends the attach), resizes applied to its tty. Throws a FailedPrecondition
    /// <see cref="Errors.CriException"/> when the shim refuses (no stdin, exited).
    /// </summary>
    Task AttachAsync(string socket, Streaming.ProcessStreams streams, CancellationToken cancellationToken);
}
