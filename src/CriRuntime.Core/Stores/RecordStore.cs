using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CriRuntime.Core.Stores;

/// <summary>
/// One JSON file per object in one directory, each written atomically: a temporary file in the same directory,
/// fsync, rename over the old record, fsync of the directory. A crash leaves either the old record or the new one.
/// Ids are file names, so they are restricted to <c>[A-Za-z0-9_.-]</c> (no leading dot), at most 200 characters.
/// Not synchronised: the owner of a store serialises writes of one id.
/// </summary>
public sealed class RecordStore<T>
    where T : class
{
    private const string Extension = ".json";
    private const string TempPrefix = ".tmp-";
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly IHostFiles _files;
    private readonly TimeProvider _time;

    public RecordStore(string directory, JsonTypeInfo<T> typeInfo, IHostFiles files, TimeProvider time)
    {
        Directory = directory;
        _typeInfo = typeInfo;
        _files = files;
        _time = time;
        files.CreateDirectory(directory);
    }

    public string Directory { get; }

    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 200 || id[0] == '.')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads every record. Leftover temporary files are deleted; a record that cannot be read is moved aside
    /// (renamed to <c>.corrupt-*</c>) and reported, never loaded half-way.
    /// </summary>
    public IReadOnlyDictionary<string, T> LoadAll(Action<string, Exception>? onCorrupt = null)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var path in _files.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith(TempPrefix, StringComparison.Ordinal))
            {
                TryDelete(path);
                continue;
            }

            if (!name.EndsWith(Extension, StringComparison.Ordinal))
            {
                continue;
            }

            var id = name[..^Extension.Length];
            if (!IsValidId(id))
            {
                continue;
            }

            try
            {
                var bytes = _files.ReadAllBytes(path);
                var record = JsonSerializer.Deserialize(bytes, _typeInfo)
                    ?? throw new JsonException("record is null");
                result[id] = record;
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                onCorrupt?.Invoke(id, e);
                try
                {
                    _files.Move(path, Path.Combine(Directory, $".corrupt-{id}-{_time.GetUtcNow():yyyyMMddHHmmss}"), overwrite: true);
                }
                catch (IOException)
                {
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Deletes the temporary files of writes cut off by a crash (LoadAll does it too). Only at start-up, before the
    /// owner writes: a write in progress has one.
    /// </summary>
    public void RemoveTemporaryFiles()
    {
        foreach (var path in _files.EnumerateFiles(Directory, TempPrefix + "*"))
        {
            TryDelete(path);
        }
    }

    public T? Read(string id)
    {
        var path = PathOf(id);
        try
        {
            return JsonSerializer.Deserialize(_files.ReadAllBytes(path), _typeInfo);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public void Put(string id, T record)
    {
        var path = PathOf(id);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, _typeInfo);
        var temp = Path.Combine(Directory, $"{TempPrefix}{id}-{Guid.NewGuid():N}");
        try
        {
            _files.WriteNew(temp, bytes);
            _files.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        _files.SyncDirectory(Directory);
    }

    /// <summary>Deletes a record; false if there was none.</summary>
    public bool Delete(string id)
    {
        var path = PathOf(id);
        if (!_files.FileExists(path))
        {
            return false;
        }

        _files.DeleteFile(path);
        _files.SyncDirectory(Directory);
        return true;
    }

    private string PathOf(string id) =>
        IsValidId(id) ? Path.Combine(Directory, id + Extension) : throw new ArgumentException($"invalid record id \"{id}\"", nameof(id));

    private void TryDelete(string path)
    {
        try
        {
            _files.DeleteFile(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
