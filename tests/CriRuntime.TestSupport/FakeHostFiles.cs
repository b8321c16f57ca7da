using System.Collections.Concurrent;
using CriRuntime.Linux.Files;

namespace CriRuntime.TestSupport;

/// <summary>
/// Core's <see cref="Core.Stores.IHostFiles"/> for unit tests: the real file system under the test's temporary
/// directories without any fsync; each directory sync is recorded instead, so a test can see that a store made its
/// rename durable.
/// </summary>
public sealed class FakeHostFiles : HostFiles
{
    public static readonly FakeHostFiles Shared = new();

    public FakeHostFiles()
        : base(durable: false)
    {
    }

    /// <summary>The directories <see cref="SyncDirectory"/> was asked to make durable, in order.</summary>
    public ConcurrentQueue<string> SyncedDirectories { get; } = new();

    public override void SyncDirectory(string path) => SyncedDirectories.Enqueue(path);
}
