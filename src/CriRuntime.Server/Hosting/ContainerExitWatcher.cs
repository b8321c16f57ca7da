using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;
using CriRuntime.Server.Diagnostics;

namespace CriRuntime.Server.Hosting;

/// <summary>
/// Notices containers that exit on their own when their shim renames <c>exit.json</c> into the bundle (inotify through
/// <see cref="FileSystemWatcher"/>), and refreshes the container's record at once: the stopped event reaches
/// GetContainerEvents subscribers (the kubelet's evented PLEG) without anyone asking for the status. Also has the
/// container manager watch every shim (<see cref="ContainerManager.WatchShims"/>), so a shim killed without writing
/// that file is noticed too. Registered after recovery, so the records it watches are loaded.
/// </summary>
internal sealed class ContainerExitWatcher(RuntimePaths paths, ContainerManager containers, IHostFiles files, ILogger<ContainerExitWatcher> logger) : IHostedService, IDisposable
{
    private const string ExitFileName = "exit.json";
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        containers.WatchShims(_stopping.Token);
        var root = Path.GetDirectoryName(paths.Bundle("x"))!;
        files.CreateDirectory(root);
        _watcher = new FileSystemWatcher(root, ExitFileName)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName,
        };
        _watcher.Created += (_, e) => Refresh(e.FullPath);
        _watcher.Renamed += (_, e) => Refresh(e.FullPath);
        _watcher.Error += (_, e) => Log.ExitWatchFailed(logger, e.GetException().Message);
        try
        {
            _watcher.EnableRaisingEvents = true;
        }
        catch (IOException e)
        {
            // No inotify instance left (fs.inotify.max_user_instances): the shim watch and status calls still see
            // exits, later; a daemon that refused to start would serve nothing.
            Log.ExitWatchFailed(logger, e.Message);
            _watcher.Dispose();
            _watcher = null;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _watcher?.Dispose();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _stopping.Dispose();
    }

    private void Refresh(string exitFile)
    {
        if (Path.GetFileName(exitFile) != ExitFileName || Path.GetFileName(Path.GetDirectoryName(exitFile)) is not { Length: > 0 } id)
        {
            return;
        }

        try
        {
            containers.ExitFileWritten(id);
            containers.Get(id);
        }
        catch (CriException)
        {
            // Removed meanwhile, or a bundle of something else.
        }
        catch (IOException e)
        {
            Log.ExitWatchFailed(logger, e.Message);
        }
    }
}
