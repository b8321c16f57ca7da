using System.Formats.Tar;
using System.Text;
using CriRuntime.Core.Errors;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Snapshots;

/// <summary>
/// Unpacks one layer's tar stream into an empty directory that only this extractor writes to, as the layer's
/// changes in overlayfs form: OCI whiteouts (<c>.wh.NAME</c>) become 0:0 character devices, opaque markers
/// (<c>.wh..wh..opq</c>) become <c>trusted.overlay.opaque=y</c> on their directory.
/// The archive is hostile. Every entry's path is resolved against an in-memory map of what this extractor
/// created, so no path is ever followed through a symlink: an entry under a symlink, with a <c>..</c>
/// component, with an absolute path, or a hard link to anything not unpacked before it in this layer fails the
/// whole layer. Only <c>user.*</c> and <c>security.capability</c> extended attributes are applied
/// (a <c>trusted.overlay.*</c> one would forge whiteouts or redirects).
/// </summary>
internal sealed class LayerExtractor
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const long BlockSize = 4096;

    private readonly string _root;
    private readonly string _what;
    private readonly Dictionary<string, Kind> _entries = new(StringComparer.Ordinal) { [""] = Kind.Directory };
    /// <summary>Each unpacked directory's mtime by path, set at the end; a directory replaced later leaves it.</summary>
    private readonly Dictionary<string, DateTimeOffset> _directoryTimes = new(StringComparer.Ordinal);

    public LayerExtractor(string root, string what)
    {
        _root = root;
        _what = what;
    }

    private enum Kind
    {
        Directory,
        File,
        Symlink,
        Whiteout,
        Other,
    }

    public long UsedBytes { get; private set; }

    public long Inodes { get; private set; }

    public async Task ExtractAsync(Stream tar, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or OverflowException or EndOfStreamException or NotSupportedException)
            {
                // EndOfStreamException: the archive ends inside a header (a truncated layer). NotSupportedException:
                // an entry type the reader cannot read (GNU sparse files).
                throw Refuse($"is not a valid tar archive: {e.Message}", e);
            }

            if (entry is null)
            {
                break;
            }

            try
            {
                await ApplyAsync(entry, cancellationToken);
            }
            catch (NativeException e) when (e.Errno == Native.ENOSPC)
            {
                throw NoSpace(entry, e);
            }
            catch (IOException e) when (e is not NativeException && e.HResult == Native.ENOSPC)
            {
                throw NoSpace(entry, e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException or FormatException)
            {
                throw Refuse($"cannot unpack entry {Show(entry.Name)}: {e.Message}", e);
            }
        }

        // Children change their directory's mtime: directories get theirs last, deepest first.
        foreach (var (path, modified) in _directoryTimes.OrderByDescending(d => d.Key.Length))
        {
            Native.SetTimesNoFollow(path, modified, modified);
        }
    }

    private CriException NoSpace(TarEntry entry, Exception e) =>
        new(ErrorKind.ResourceExhausted, $"{_what}: no space left on the device of {_root} while unpacking {Show(entry.Name)}", e);

    private async Task ApplyAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                or TarEntryType.Directory or TarEntryType.SymbolicLink or TarEntryType.HardLink
                or TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                break;
            default:
                throw Refuse($"entry {Show(entry.Name)} has unsupported type {entry.EntryType}");
        }

        var relative = CleanPath(entry.Name);
        var name = relative.Length == 0 ? "" : relative[(relative.LastIndexOf('/') + 1)..];
        var parent = relative.Length == 0 ? "" : relative.LastIndexOf('/') is var slash and >= 0 ? relative[..slash] : "";

        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(parent, name);
            return;
        }

        if (relative.Length == 0)
        {
            if (entry.EntryType != TarEntryType.Directory)
            {
                throw Refuse("has a non-directory entry for its root");
            }

            ApplyMetadata(entry, _root, Kind.Directory);
            return;
        }

        EnsureParent(parent);
        var path = Combine(relative);
        var wanted = KindOf(entry.EntryType);
        var replacedWhiteout = false;
        if (_entries.TryGetValue(relative, out var existing))
        {
            if (existing == Kind.Directory && wanted == Kind.Directory)
            {
                ApplyMetadata(entry, path, Kind.Directory);
                return;
            }

            replacedWhiteout = existing == Kind.Whiteout;
            RemoveExisting(relative, path, existing);
        }

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(path);
                if (replacedWhiteout)
                {
                    // "delete, then create" within one layer: the new directory must hide the lower one.
                    Native.Lsetxattr(path, "trusted.overlay.opaque", "y"u8);
                }

                Count(BlockSize);
                break;
            case TarEntryType.SymbolicLink:
                if (string.IsNullOrEmpty(entry.LinkName) || entry.LinkName.Contains('\0', StringComparison.Ordinal))
                {
                    throw Refuse($"symlink {Show(entry.Name)} has no target");
                }

                File.CreateSymbolicLink(path, entry.LinkName);
                Count(0);
                break;
            case TarEntryType.HardLink:
                CreateHardLink(entry, relative, path);
                return;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                var type = entry.EntryType switch
                {
                    TarEntryType.CharacterDevice => Native.S_IFCHR,
                    TarEntryType.BlockDevice => Native.S_IFBLK,
                    _ => Native.S_IFIFO,
                };
                var posix = entry as PosixTarEntry;
                Native.Mknod(path, type | ((uint)entry.Mode & 0xfff), (uint)(posix?.DeviceMajor ?? 0), (uint)(posix?.DeviceMinor ?? 0));
                Count(0);
                break;
            default:
                await WriteFileAsync(entry, path, cancellationToken);
                break;
        }

        _entries[relative] = wanted;
        ApplyMetadata(entry, path, wanted);
    }

    private async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            PreallocationSize = entry.Length > 0 ? entry.Length : 0,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        FileStream opened;
        try
        {
            opened = new FileStream(path, options);
        }
        catch (IOException e) when (options.PreallocationSize > 0 && e.HResult != Native.ENOSPC)
        {
            // .NET reports a failed preallocation (a full disk) without its errno, and removes the file: written
            // without it, a full disk fails the write with ENOSPC, which the caller reports as such.
            options.PreallocationSize = 0;
            opened = new FileStream(path, options);
        }

        await using (var file = opened)
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, 1 << 20, cancellationToken);
            }
        }

        Count(entry.Length);
    }

    private void CreateHardLink(TarEntry entry, string relative, string path)
    {
        var target = CleanPath(entry.LinkName);
        if (!_entries.TryGetValue(target, out var kind) || kind is Kind.Directory or Kind.Whiteout)
        {
            throw Refuse($"hard link {Show(entry.Name)} points at {Show(entry.LinkName)}, which is not a file unpacked before it in this layer");
        }

        Native.Link(Combine(target), path);
        _entries[relative] = kind;
    }

    private void ApplyWhiteout(string parent, string name)
    {
        EnsureParent(parent);
        if (name == OpaqueMarker)
        {
            Native.Lsetxattr(Combine(parent), "trusted.overlay.opaque", "y"u8);
            return;
        }

        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
        {
            // Other AUFS metadata (.wh..wh.plnk and friends): meaningless here.
            return;
        }

        var hidden = name[WhiteoutPrefix.Length..];
        if (hidden.Length == 0 || hidden is "." or "..")
        {
            throw Refuse($"has an invalid whiteout {Show(name)}");
        }

        var relative = parent.Length == 0 ? hidden : $"{parent}/{hidden}";
        var path = Combine(relative);
        if (_entries.TryGetValue(relative, out var existing))
        {
            RemoveExisting(relative, path, existing);
        }

        Native.Mknod(path, Native.S_IFCHR, 0, 0);
        _entries[relative] = Kind.Whiteout;
        Count(0);
    }

    /// <summary>Creates missing parents as plain directories; refuses a parent that is not a directory of this layer.</summary>
    private void EnsureParent(string parent)
    {
        if (parent.Length == 0)
        {
            return;
        }

        var index = 0;
        while (index <= parent.Length)
        {
            var next = parent.IndexOf('/', index);
            var prefix = next < 0 ? parent : parent[..next];
            if (_entries.TryGetValue(prefix, out var kind))
            {
                if (kind == Kind.Symlink)
                {
                    throw Refuse($"has an entry under {Show(prefix)}, which is a symlink");
                }

                if (kind != Kind.Directory)
                {
                    throw Refuse($"has an entry under {Show(prefix)}, which is not a directory");
                }
            }
            else
            {
                var path = Combine(prefix);
                Directory.CreateDirectory(path);
                File.SetUnixFileMode(path, (UnixFileMode)0x1ed);
                _entries[prefix] = Kind.Directory;
                Count(BlockSize);
            }

            if (next < 0)
            {
                break;
            }

            index = next + 1;
        }
    }

    private void RemoveExisting(string relative, string path, Kind kind)
    {
        if (kind == Kind.Directory)
        {
            Directory.Delete(path, recursive: true);
            var prefix = relative + "/";
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _entries.Remove(key);
            }

            // Their times must not be set at the end: the path may be a file by then (utimensat: ENOTDIR).
            foreach (var gone in _directoryTimes.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
            {
                _directoryTimes.Remove(gone);
            }
        }
        else
        {
            File.Delete(path);
        }

        _entries.Remove(relative);
    }

    private void ApplyMetadata(TarEntry entry, string path, Kind kind)
    {
        Native.Lchown(path, (uint)entry.Uid, (uint)entry.Gid);
        if (entry is PaxTarEntry pax)
        {
            foreach (var (key, value) in pax.ExtendedAttributes)
            {
                const string XattrPrefix = "SCHILY.xattr.";
                if (!key.StartsWith(XattrPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var attribute = key[XattrPrefix.Length..];
                if ((attribute.StartsWith("user.", StringComparison.Ordinal) || attribute == "security.capability")
                    && kind is not Kind.Symlink && !value.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    // PAX values arrive decoded as UTF-8; binary ones that did not survive that are skipped.
                    Native.Lsetxattr(path, attribute, Encoding.UTF8.GetBytes(value));
                }
            }
        }

        if (kind != Kind.Symlink)
        {
            // After chown, which clears set-id bits.
            File.SetUnixFileMode(path, (UnixFileMode)((int)entry.Mode & 0xfff));
        }

        var modified = entry.ModificationTime;
        if (kind == Kind.Directory)
        {
            _directoryTimes[path] = modified;
        }
        else
        {
            var accessed = entry is GnuTarEntry gnu && gnu.AccessTime != default ? gnu.AccessTime : modified;
            Native.SetTimesNoFollow(path, accessed, modified);
        }
    }

    /// <summary>
    /// The entry's path relative to the root, without empty and <c>.</c> components. Absolute paths and
    /// <c>..</c> components are refused, not cleaned: a layer that has them is not one to trust.
    /// </summary>
    internal string CleanPath(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Refuse("has an entry without a name");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw Refuse($"has an entry with a NUL in its name {Show(name)}");
        }

        if (name.StartsWith('/'))
        {
            throw Refuse($"has an entry with an absolute path {Show(name)}");
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw Refuse($"has an entry that leaves its root: {Show(name)}");
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private string Combine(string relative) => relative.Length == 0 ? _root : _root + "/" + relative;

    private void Count(long size)
    {
        UsedBytes += (size + BlockSize - 1) / BlockSize * BlockSize;
        Inodes++;
    }

    private static Kind KindOf(TarEntryType type) => type switch
    {
        TarEntryType.Directory => Kind.Directory,
        TarEntryType.SymbolicLink => Kind.Symlink,
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.HardLink => Kind.File,
        _ => Kind.Other,
    };

    private static string Show(string? name)
    {
        name ??= "";
        var shown = name.Length > 120 ? name[..120] + "…" : name;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c)) + "\"";
    }

    private CriException Refuse(string message, Exception? inner = null) =>
        new(ErrorKind.FailedPrecondition, $"{_what} {message}", inner);
}
