using CriRuntime.Core.Spec;
using CriRuntime.Core.Streaming;

namespace CriRuntime.Core.Containers;

/// <summary>The OCI runtime of one RuntimeClass handler, driven through its command line (runc, crun).</summary>
public interface IOciRuntime
{
    string Handler { get; }

    /// <summary>The binary, resolved on PATH.</summary>
    string BinaryPath { get; }

    /// <summary>The runtime's <c>--root</c>.</summary>
    string RootDirectory { get; }

    bool SystemdCgroup { get; }

    /// <summary><c>state</c>; null when the runtime does not know the container.</summary>
    Task<OciState?> StateAsync(string id, CancellationToken cancellationToken);

    Task StartAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>kill</c>; a container that is gone already is not an error.</summary>
    Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken);

    /// <summary><c>delete</c> (<c>--force</c>); a container the runtime does not know is not an error.</summary>
    Task DeleteAsync(string id, bool force, CancellationToken cancellationToken);

    /// <summary>
    /// <c>exec</c> of a process in the container, output captured up to <paramref name="outputLimit"/> bytes per
    /// stream; on <paramref name="timeout"/> the process is killed and <see cref="ExecResult.TimedOut"/> set.
    /// </summary>
    Task<ExecResult> ExecAsync(string id, OciProcess process, TimeSpan? timeout, int outputLimit, CancellationToken cancellationToken);

    /// <summary>
    /// <c>exec</c> of an interactive process wired to <paramref name="streams"/> (with a pty when
    /// <see cref="ProcessStreams.Tty"/>); returns its exit code once it exited and its output was delivered.
    /// Cancelling kills the process.
    /// </summary>
    Task<int> ExecInteractiveAsync(string id, OciProcess process, ProcessStreams streams, CancellationToken cancellationToken);

    Task UpdateAsync(string id, OciResources resources, CancellationToken cancellationToken);

    /// <summary><c>features</c>: the runtime's feature document (JSON), or null when it has no such command.</summary>
    Task<string?> FeaturesAsync(CancellationToken cancellationToken);
}

/// <summary>The handler's runtime, by name; throws NotFound for an unknown handler.</summary>
public interface IOciRuntimeProvider
{
    IOciRuntime Get(string handler);

    /// <summary>The handler used for an empty RuntimeClass.</summary>
    string DefaultHandler { get; }
}

/// <summary><c>runtime state</c>: status is creating, created, running, paused or stopped.</summary>
public sealed record OciState(string Id, string Status, int Pid);

public sealed record ExecResult(int ExitCode, byte[] Stdout, byte[] Stderr, bool TimedOut);

/// <summary>The OCI runtime reported a failure; the message carries its stderr.</summary>
public sealed class OciRuntimeException(string message) : Exception(message);
