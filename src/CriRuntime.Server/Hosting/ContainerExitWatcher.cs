using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Server.Diagnostics;

namespace CriRuntime.Server.Hosting;

/// <summary>
/// Notices containers that exit on their own when their shim renames <c>exit.json</c> into the bundle (inotify through
/// <see cref="FileSystemWatcher"/>), and refreshes the container's record at once: the stopped event reaches
/// GetContainerEvents subscribers (the kubelet's evented PLEG) without anyone asking for the status.
/// </summary>
internal sealed class ContainerExitWatcher(RuntimePaths paths, ContainerManager containers, ILogger<ContainerExitWatcher> logger) : IHostedService, IDisposable
{
    private const string ExitFileName = "exit.json";
    private FileSystemWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetDirectoryName(paths.Bundle("x"))!;
        Directory.CreateDirectory(root);
        _watcher = new FileSystemWatcher(root, ExitFileName)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName,
        };
        _watcher.Created += (_, e) => Refresh(e.FullPath);
        _watcher.Renamed += (_, e) => Refresh(e.FullPath);
        _watcher.Error += (_, e) => Log.ExitWatchFailed(logger, e.GetException().Message);
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _watcher?.Dispose();

    private void Refresh(string exitFile)
    {
        if (Path.GetFileName(exitFile) != ExitFileName || Path.GetFileName(Path.GetDirectoryName(exitFile)) is not { Length: > 0 } id)
        {
            return;
        }

        try
        {
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
