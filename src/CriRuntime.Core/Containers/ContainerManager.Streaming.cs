using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Streaming;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Checks an Exec or Attach request before a streaming URL is handed out: at least one of stdin, stdout and
    /// stderr; not tty and stderr together (a terminal has one output); for exec a command; the container running.
    /// Returns the container's full id.
    /// </summary>
    public string ValidateStream(string id, IReadOnlyList<string>? command, bool tty, bool stdin, bool stdout, bool stderr)
    {
        if (command is { Count: 0 })
        {
            throw CriException.InvalidArgument("exec: cmd is required");
        }

        if (!stdin && !stdout && !stderr)
        {
            throw CriException.InvalidArgument("one of stdin, stdout and stderr must be set");
        }

        if (tty && stderr)
        {
            throw CriException.InvalidArgument("tty and stderr cannot both be set (a terminal has one output stream)");
        }

        return RequireRunning(id).Id;
    }

    /// <summary>
    /// Exec with streams: runs <paramref name="command"/> in the running container with its environment, user and
    /// working directory, wired to <paramref name="streams"/>; returns the exit code. Cancelling kills the process.
    /// </summary>
    public async Task<int> ExecStreamAsync(string id, IReadOnlyList<string> command, ProcessStreams streams, CancellationToken cancellationToken)
    {
        var record = RequireRunning(id);
        var spec = JsonSerializer.Deserialize(await _files.ReadAllBytesAsync(Path.Combine(_paths.Bundle(record.Id), "config.json"), cancellationToken), OciSpecJsonContext.Default.OciSpec)
            ?? throw new CriException(ErrorKind.Internal, $"container {record.Id} has an empty spec");
        var process = spec.Process;
        process.Args = [.. command];
        process.Terminal = streams.Tty;
        return await _runtimes.Get(record.Handler).ExecInteractiveAsync(record.Id, process, streams, cancellationToken);
    }

    /// <summary>
    /// Checks an Attach request: the container runs, and asking for stdin needs a container created with stdin.
    /// Returns the full id and whether the container has a tty (the container's setting wins over the request's).
    /// </summary>
    public (string Id, bool Tty) ValidateAttach(string id, bool stdin, bool stdout, bool stderr)
    {
        var record = RequireRunning(id);
        if (stdin && !record.Stdin)
        {
            throw CriException.FailedPrecondition($"container {record.Id} was not created with stdin");
        }

        ValidateStream(record.Id, null, record.Tty, stdin, stdout, stderr && !record.Tty);
        return (record.Id, record.Tty);
    }

    /// <summary>Attach with streams, through the container's shim; returns 0 when the attach ended normally.</summary>
    public async Task<int> AttachStreamAsync(string id, ProcessStreams streams, CancellationToken cancellationToken)
    {
        var record = RequireRunning(id);
        await _shims.AttachAsync(_paths.ShimSocket(record.Id), streams, cancellationToken);
        return 0;
    }

    private ContainerRecord RequireRunning(string id)
    {
        var record = Refresh(Require(id));
        return record.State == ContainerState.Running
            ? record
            : throw CriException.FailedPrecondition($"container {record.Id} is not running");
    }
}
