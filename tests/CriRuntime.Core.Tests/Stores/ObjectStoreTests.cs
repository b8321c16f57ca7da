using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;
using CriRuntime.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CriRuntime.Core.Tests.Stores;

public sealed class ObjectStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-store-").FullName;
    private readonly FakeHostFiles _files = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Names_are_unique_until_released_and_survive_a_reload()
    {
        var store = Open();
        var id = "a" + new string('0', 63);
        store.ReserveName("p_ns_uid_0", id, "sandbox");
        store.ReserveName("p_ns_uid_0", id, "sandbox");
        Assert.Equal(ErrorKind.AlreadyExists, Assert.Throws<CriException>(() => store.ReserveName("p_ns_uid_0", "b", "sandbox")).Kind);
        var entry = store.Add(Record(id, "p_ns_uid_0"));

        var reloaded = Open();
        Assert.Single(reloaded.Load());
        Assert.Throws<CriException>(() => reloaded.ReserveName("p_ns_uid_0", "b", "sandbox"));

        store.Delete(entry);
        Assert.True(entry.Deleted);
        store.ReserveName("p_ns_uid_0", "b", "sandbox");
        Assert.Empty(Open().Load());
    }

    [Fact]
    public void Ids_are_found_by_unique_prefix()
    {
        var store = Open();
        store.Add(Record("abc1" + new string('0', 60), "x"));
        store.Add(Record("abc2" + new string('0', 60), "y"));

        Assert.NotNull(store.Find("abc1"));
        Assert.Null(store.Find("abc"));
        Assert.Null(store.Find(""));
        Assert.Equal("y", store.Update(store.Find("abc2")!, r => r with { State = SandboxState.NotReady }).FullName);
        Assert.Equal(SandboxState.NotReady, Open().Load().Single(e => e.Record.FullName == "y").Record.State);
    }

    [Fact]
    public void Every_write_and_delete_makes_the_directory_durable()
    {
        var store = Open();
        var entry = store.Add(Record("d" + new string('0', 63), "d"));
        Assert.Equal([_dir], _files.SyncedDirectories);

        store.Delete(entry);
        Assert.Equal([_dir, _dir], _files.SyncedDirectories);
    }

    [Fact]
    public void A_corrupt_record_is_moved_aside_under_the_time_it_was_found()
    {
        var id = "e" + new string('0', 63);
        File.WriteAllText(Path.Combine(_dir, id + ".json"), "{not json");
        var corrupt = new List<string>();

        Assert.Empty(Open().Load((bad, _) => corrupt.Add(bad)));

        Assert.Equal([id], corrupt);
        Assert.Equal([$".corrupt-{id}-20260304050607"], Directory.EnumerateFiles(_dir).Select(Path.GetFileName));
    }

    private ObjectStore<SandboxRecord> Open() =>
        new(_dir, SandboxJsonContext.Default.SandboxRecord, r => r.Id, r => r.FullName, _files, _time);

    private static SandboxRecord Record(string id, string name) => new() { Id = id, FullName = name, Name = name, Handler = "runc" };
}
