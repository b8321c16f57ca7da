using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// Keeps the loaded network of the CNI config dir current. An inotify watch (FileSystemWatcher) on the dir marks the
/// loaded state stale and reloads it at once, so NetworkReady flips, and is logged, as configs appear or vanish;
/// every read also compares the dir's modification time, so a file created a moment ago is never missed while the
/// watcher's event is still in flight. A dir that does not exist yet is watched from the moment it appears.
/// </summary>
public sealed partial class CniConfigWatcher : IDisposable
{
    private readonly string _dir;
    private readonly ILogger _logger;
    private readonly IHostFiles _files;
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private CniConfigLoadResult? _loaded;
    private DateTime _loadedDirTime;
    private volatile bool _dirty = true;
    private bool _disposed;

    public CniConfigWatcher(string dir, ILogger logger, IHostFiles files)
    {
        _dir = dir;
        _logger = logger;
        _files = files;
        _ = Current;
    }

    public string Directory => _dir;

    /// <summary>The current state of the dir, reloaded when something changed since the last read.</summary>
    public CniConfigLoadResult Current
    {
        get
        {
            lock (_lock)
            {
                var exists = _files.DirectoryExists(_dir);
                var dirTime = exists ? _files.Inspect(_dir).LastWriteUtc : DateTime.MinValue;
                if (_loaded is null || _dirty || dirTime != _loadedDirTime)
                {
                    _dirty = false;
                    var previous = _loaded;
                    _loaded = CniConfigLoader.Load(_dir, _files);
                    _loadedDirTime = dirTime;
                    Report(previous, _loaded);
                }

                if (exists)
                {
                    EnsureWatching();
                }

                return _loaded;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void EnsureWatching()
    {
        if (_watcher is not null || _disposed)
        {
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(_dir)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // inotify limits or a dir that vanished again: reads still see changes through the dir's mtime.
            Log.WatchFailed(_logger, _dir, e.Message);
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        _dirty = true;
        ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.Current, this, preferLocal: false);
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        lock (_lock)
        {
            _dirty = true;
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void Report(CniConfigLoadResult? previous, CniConfigLoadResult current)
    {
        var before = previous?.Network;
        var after = current.Network;
        if (after is not null && (before is null || before.Source != after.Source || before.Json != after.Json))
        {
            Log.NetworkLoaded(_logger, after.Name, after.Source, after.CniVersion, string.Join(",", after.PluginTypes));
        }
        else if (after is null && (before is not null || previous is null))
        {
            Log.NoNetwork(_logger, current.Message);
        }

        foreach (var skipped in current.Skipped)
        {
            if (previous is null || !previous.Skipped.Contains(skipped))
            {
                Log.ConfigSkipped(_logger, skipped.Path, skipped.Reason);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "CNI network {Name} loaded from {Path} (cniVersion {Version}, plugins {Plugins}): NetworkReady")]
        public static partial void NetworkLoaded(ILogger logger, string name, string path, string version, string plugins);

        [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "NetworkReady is false: {Message}")]
        public static partial void NoNetwork(ILogger logger, string message);

        [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "CNI config {Path} skipped: {Reason}")]
        public static partial void ConfigSkipped(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 4024, Level = LogLevel.Warning, Message = "Cannot watch CNI config dir {Dir}: {Error}")]
        public static partial void WatchFailed(ILogger logger, string dir, string error);
    }
}
