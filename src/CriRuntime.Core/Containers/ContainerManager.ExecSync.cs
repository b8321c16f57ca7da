using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// ExecSync: runs a command in a running container with the container's environment, user and working
    /// directory; output is capped at <see cref="ExecOutputLimit"/> per stream; past the timeout the command is
    /// killed and the call fails with DeadlineExceeded.
    /// </summary>
    public async Task<ExecResult> ExecSyncAsync(string id, IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            throw CriException.InvalidArgument("exec: cmd is required");
        }

        var entry = Require(id);
        using var timer = Time("exec_sync", entry.Record.Handler);
        var record = Refresh(entry);
        if (record.State != ContainerState.Running)
        {
            throw CriException.FailedPrecondition($"container {record.Id} is not running");
        }

        var specPath = Path.Combine(_paths.Bundle(record.Id), "config.json");
        var spec = JsonSerializer.Deserialize(await _files.ReadAllBytesAsync(specPath, cancellationToken), OciSpecJsonContext.Default.OciSpec)
            ?? throw new CriException(ErrorKind.Internal, $"container {record.Id} has an empty spec");
        var process = spec.Process;
        process.Args = [.. command];
        process.Terminal = false;
        var result = await _runtimes.Get(record.Handler).ExecAsync(record.Id, process, timeout, ExecOutputLimit, cancellationToken);
        if (result.TimedOut)
        {
            throw new CriException(ErrorKind.DeadlineExceeded, $"command {JsonSerializer.Serialize(command.ToArray(), ContainerJsonContext.Default.StringArray)} timed out after {timeout?.TotalSeconds}s");
        }

        return result;
    }

    /// <summary>ReopenContainerLog: the shim closes and reopens the log file after kubelet rotated it.</summary>
    public async Task ReopenLogAsync(string id, CancellationToken cancellationToken)
    {
        var record = Refresh(Require(id));
        if (record.State != ContainerState.Running)
        {
            throw CriException.FailedPrecondition($"container {record.Id} is not running");
        }

        if (!await _shims.ReopenLogAsync(_paths.ShimSocket(record.Id), cancellationToken))
        {
            throw new CriException(ErrorKind.Internal, $"the shim of container {record.Id} did not reopen the log");
        }
    }
}
