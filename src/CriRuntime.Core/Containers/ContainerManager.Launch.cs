using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;
using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Whether the container's shim was launched (it then holds the container the OCI runtime created): its PID is
    /// recorded then. A container created and never started has none, and nothing to kill or delete in the runtime.
    /// </summary>
    private static bool IsLaunched(ContainerRecord record) => record.Pid > 0;

    /// <summary>The directories the shim writes in (the log's, the socket's), made when the container is created.</summary>
    private void PrepareLaunch(ContainerRecord record)
    {
        if (record.LogPath.Length > 0 && Path.GetDirectoryName(record.LogPath) is { Length: > 0 } logDir)
        {
            _files.CreateDirectory(logDir);
        }

        _files.CreateDirectory(Path.GetDirectoryName(_paths.ShimSocket(record.Id))!);
    }

    /// <summary>
    /// Has a shim create the container through the OCI runtime and watches the shim; returns the container's PID,
    /// which the caller records with the start (one write of the record).
    /// </summary>
    private async Task<int> LaunchAsync(StoreEntry<ContainerRecord> entry, IOciRuntime runtime, UndoStack undo, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        var id = record.Id;
        if (record.LogPath.Length > 0 && !_files.FileExists(record.LogPath))
        {
            // The shim creates the log before the runtime's create, which can still fail (a missing command).
            undo.Push(() => _files.DeleteFile(record.LogPath));
        }

        undo.Push(() => runtime.DeleteAsync(id, force: true, CancellationToken.None));
        int pid;
        try
        {
            pid = await _shims.LaunchAsync(
                new ShimRunOptions
                {
                    Id = id,
                    Bundle = _paths.Bundle(id),
                    Runtime = runtime.BinaryPath,
                    RuntimeRoot = runtime.RootDirectory,
                    SystemdCgroup = runtime.SystemdCgroup,
                    Log = record.LogPath.Length > 0 ? record.LogPath : "/dev/null",
                    ExitFile = _paths.ExitFile(id),
                    Socket = _paths.ShimSocket(id),
                    PidFile = _paths.PidFile(id),
                    Tty = record.Tty,
                    Stdin = record.Stdin,
                    StdinOnce = record.StdinOnce,
                },
                cancellationToken);
        }
        catch (OciRuntimeException e)
        {
            throw new CriException(OciErrors.KindOf(e.Message), $"creating container {id}: {e.Message}", e);
        }

        StartShimWatch(id);
        return pid;
    }
}
