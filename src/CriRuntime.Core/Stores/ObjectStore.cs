using System.Text.Json.Serialization.Metadata;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Stores;

/// <summary>One object in memory: its current record and the lock that serialises operations on it.</summary>
public sealed class StoreEntry<T>(T record)
    where T : class
{
    private T _record = record;

    public T Record
    {
        get => Volatile.Read(ref _record);
        internal set => Volatile.Write(ref _record, value);
    }

    /// <summary>Held by whoever changes the object (create, start, stop, remove).</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Set when the object was removed: whoever waited for the lock finds it gone.</summary>
    public bool Deleted { get; internal set; }

    /// <summary>Serialises writes of this record (updates from status refreshes race with removal otherwise).</summary>
    internal Lock WriteLock { get; } = new();

    /// <summary>Runs <paramref name="action"/> under <see cref="Lock"/> unless the object was removed meanwhile.</summary>
    public async Task WhileLockedAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        await Lock.WaitAsync(cancellationToken);
        try
        {
            if (!Deleted)
            {
                await action();
            }
        }
        finally
        {
            Lock.Release();
        }
    }
}

/// <summary>
/// Sandboxes or containers: an in-memory index over a <see cref="RecordStore{T}"/> (every change written atomically
/// before it is visible), plus the unique names, reserved before an object exists and released after it is gone.
/// </summary>
public sealed class ObjectStore<T>
    where T : class
{
    private readonly RecordStore<T> _records;
    private readonly Func<T, string> _idOf;
    private readonly Func<T, string> _nameOf;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoreEntry<T>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public ObjectStore(string directory, JsonTypeInfo<T> typeInfo, Func<T, string> idOf, Func<T, string> nameOf, IHostFiles files, TimeProvider time)
    {
        _records = new RecordStore<T>(directory, typeInfo, files, time);
        _idOf = idOf;
        _nameOf = nameOf;
    }

    /// <summary>Loads every record and reserves its name; call once at start-up.</summary>
    public IReadOnlyList<StoreEntry<T>> Load(Action<string, Exception>? onCorrupt = null)
    {
        var loaded = _records.LoadAll(onCorrupt);
        lock (_lock)
        {
            foreach (var (_, record) in loaded)
            {
                var entry = new StoreEntry<T>(record);
                _byId[_idOf(record)] = entry;
                _names[_nameOf(record)] = _idOf(record);
            }

            return [.. _byId.Values];
        }
    }

    /// <summary>Reserves a unique name for an id; AlreadyExists when another id holds it.</summary>
    public void ReserveName(string name, string id, string kind)
    {
        lock (_lock)
        {
            if (_names.TryGetValue(name, out var holder) && holder != id)
            {
                throw CriException.AlreadyExists($"{kind} name \"{name}\" is reserved for {holder}");
            }

            _names[name] = id;
        }
    }

    public void ReleaseName(string name, string id)
    {
        lock (_lock)
        {
            if (_names.TryGetValue(name, out var holder) && holder == id)
            {
                _names.Remove(name);
            }
        }
    }

    /// <summary>Writes a new or changed record, then makes it visible.</summary>
    public StoreEntry<T> Add(T record)
    {
        _records.Put(_idOf(record), record);
        lock (_lock)
        {
            var entry = new StoreEntry<T>(record);
            _byId[_idOf(record)] = entry;
            return entry;
        }
    }

    /// <summary>
    /// Called with the record before and after each <see cref="Update"/>, under the entry's write lock: observers see
    /// one object's changes in the order they were made. It must not block.
    /// </summary>
    public Action<T, T>? Updated { get; set; }

    /// <summary>Persists a change of an entry's record (the caller holds the entry's lock).</summary>
    public T Update(StoreEntry<T> entry, Func<T, T> change)
    {
        lock (entry.WriteLock)
        {
            // A removed object stays removed: writing its record again would resurrect it at the next start.
            if (entry.Deleted)
            {
                return entry.Record;
            }

            var before = entry.Record;
            var updated = change(before);
            _records.Put(_idOf(updated), updated);
            entry.Record = updated;
            Updated?.Invoke(before, updated);
            return updated;
        }
    }

    public void Delete(StoreEntry<T> entry)
    {
        var record = entry.Record;
        lock (entry.WriteLock)
        {
            entry.Deleted = true;
            _records.Delete(_idOf(record));
        }

        lock (_lock)
        {
            _byId.Remove(_idOf(record));
            if (_names.TryGetValue(_nameOf(record), out var holder) && holder == _idOf(record))
            {
                _names.Remove(_nameOf(record));
            }
        }
    }

    /// <summary>By full id or a unique prefix of it; null when none (or the prefix is ambiguous).</summary>
    public StoreEntry<T>? Find(string idOrPrefix)
    {
        if (string.IsNullOrEmpty(idOrPrefix))
        {
            return null;
        }

        lock (_lock)
        {
            if (_byId.TryGetValue(idOrPrefix, out var entry))
            {
                return entry;
            }

            StoreEntry<T>? match = null;
            foreach (var (id, candidate) in _byId)
            {
                if (id.StartsWith(idOrPrefix, StringComparison.Ordinal))
                {
                    if (match is not null)
                    {
                        return null;
                    }

                    match = candidate;
                }
            }

            return match;
        }
    }

    public IReadOnlyList<StoreEntry<T>> List()
    {
        lock (_lock)
        {
            return [.. _byId.Values];
        }
    }
}
