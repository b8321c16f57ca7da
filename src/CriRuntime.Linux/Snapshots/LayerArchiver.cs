using System.Formats.Tar;
using System.Text;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Snapshots;

/// <summary>
/// Writes a snapshot back as a layer tar, the inverse of <see cref="LayerExtractor"/>: 0:0 character devices become
/// OCI whiteouts (<c>.wh.NAME</c>), <c>trusted.overlay.opaque=y</c> an opaque marker (<c>.wh..wh..opq</c>) after its
/// directory, a second name of a file a hard link to the first; the <c>user.*</c> and <c>security.capability</c>
/// extended attributes the extractor keeps go into PAX records when their value is text. The tar is reproducible: entries
/// in ordinal order of their paths, numeric owners without names, no access or change times, so the same snapshot always
/// gives the same bytes (and diff id), and a tar unpacked and written again is the same.
/// </summary>
internal static class LayerArchiver
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string XattrPrefix = "SCHILY.xattr.";

    // File type bits of st_mode (inode(7)).
    private const uint S_IFMT = 0xf000;
    private const uint S_IFREG = 0x8000;
    private const uint S_IFDIR = 0x4000;
    private const uint S_IFLNK = 0xa000;
    private const uint S_IFCHR = 0x2000;
    private const uint S_IFBLK = 0x6000;
    private const uint S_IFIFO = 0x1000;

    public static async Task WriteAsync(string root, Stream destination, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        var links = new Dictionary<(ulong Device, ulong Inode), string>();
        await WriteDirectoryAsync(writer, root, "", links, cancellationToken);
    }

    private static async Task WriteDirectoryAsync(TarWriter writer, string root, string relative, Dictionary<(ulong, ulong), string> links, CancellationToken cancellationToken)
    {
        var directory = relative.Length == 0 ? root : root + "/" + relative;
        var names = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = directory + "/" + name;
            var entryName = relative.Length == 0 ? name : relative + "/" + name;
            var status = Lstat(path);
            var type = status.Mode & S_IFMT;
            if (type == S_IFCHR && status.RdevMajor == 0 && status.RdevMinor == 0)
            {
                var whiteout = relative.Length == 0 ? WhiteoutPrefix + name : $"{relative}/{WhiteoutPrefix}{name}";
                await writer.WriteEntryAsync(Entry(TarEntryType.RegularFile, whiteout, status, path), cancellationToken);
                continue;
            }

            if (type == S_IFDIR)
            {
                await writer.WriteEntryAsync(Entry(TarEntryType.Directory, entryName + "/", status, path), cancellationToken);
                if (Native.Lgetxattr(path, "trusted.overlay.opaque") is [(byte)'y'])
                {
                    await writer.WriteEntryAsync(Entry(TarEntryType.RegularFile, entryName + "/" + OpaqueMarker, status, path), cancellationToken);
                }

                await WriteDirectoryAsync(writer, root, entryName, links, cancellationToken);
                continue;
            }

            if (type == S_IFREG)
            {
                if (status.Links > 1 && links.TryGetValue((status.Device, status.Inode), out var first))
                {
                    var link = Entry(TarEntryType.HardLink, entryName, status, path);
                    link.LinkName = first;
                    await writer.WriteEntryAsync(link, cancellationToken);
                    continue;
                }

                links.TryAdd((status.Device, status.Inode), entryName);
                var file = Entry(TarEntryType.RegularFile, entryName, status, path);
                await using var data = File.OpenRead(path);
                file.DataStream = data;
                await writer.WriteEntryAsync(file, cancellationToken);
                continue;
            }

            var other = type switch
            {
                S_IFLNK => TarEntryType.SymbolicLink,
                S_IFCHR => TarEntryType.CharacterDevice,
                S_IFBLK => TarEntryType.BlockDevice,
                S_IFIFO => TarEntryType.Fifo,
                _ => (TarEntryType?)null,
            };
            if (other is not { } otherType)
            {
                // A socket: the extractor never makes one, and a tar cannot hold one.
                continue;
            }

            var entry = Entry(otherType, entryName, status, path);
            if (otherType == TarEntryType.SymbolicLink)
            {
                entry.LinkName = new FileInfo(path).LinkTarget ?? "";
            }
            else if (otherType != TarEntryType.Fifo)
            {
                entry.DeviceMajor = (int)status.RdevMajor;
                entry.DeviceMinor = (int)status.RdevMinor;
            }

            await writer.WriteEntryAsync(entry, cancellationToken);
        }
    }

    /// <summary>An entry with the file's owner, mode and modification time, and its text extended attributes.</summary>
    private static PaxTarEntry Entry(TarEntryType type, string name, Status status, string path)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((status.Mode & S_IFMT) != S_IFLNK && type is not TarEntryType.HardLink && !name.EndsWith(OpaqueMarker, StringComparison.Ordinal))
        {
            foreach (var attribute in Native.Llistxattr(path).Order(StringComparer.Ordinal))
            {
                if ((attribute.StartsWith("user.", StringComparison.Ordinal) || attribute == "security.capability")
                    && Native.Lgetxattr(path, attribute) is { } value
                    && Text(value) is { } text)
                {
                    attributes[XattrPrefix + attribute] = text;
                }
            }
        }

        var whiteout = type == TarEntryType.RegularFile && (status.Mode & S_IFMT) != S_IFREG;
        return new PaxTarEntry(type, name, attributes)
        {
            Uid = whiteout ? 0 : (int)status.Uid,
            Gid = whiteout ? 0 : (int)status.Gid,
            Mode = whiteout ? (UnixFileMode)0x1a4 : (UnixFileMode)(status.Mode & 0xfff),
            ModificationTime = whiteout ? DateTimeOffset.UnixEpoch : status.Modified,
        };
    }

    /// <summary>The value as text when it is valid UTF-8 (PAX records are text; the extractor skips the others too).</summary>
    private static string? Text(byte[] value)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Status Lstat(string path)
    {
        if (!Native.TryLstat(path, out var st))
        {
            throw Native.Error("lstat", path);
        }

        var rdev = (ulong)st.st_rdev;
        var modified = DateTimeOffset.FromUnixTimeSeconds((long)st.st_mtim.tv_sec).AddTicks((long)st.st_mtim.tv_nsec / 100);
        return new Status(
            (uint)st.st_mode, (uint)st.st_uid, (uint)st.st_gid, (ulong)st.st_nlink, (ulong)st.st_dev, (ulong)st.st_ino,
            (uint)(((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffUL)), (uint)((rdev & 0xff) | ((rdev >> 12) & ~0xffUL)), modified);
    }

    private readonly record struct Status(uint Mode, uint Uid, uint Gid, ulong Links, ulong Device, ulong Inode, uint RdevMajor, uint RdevMinor, DateTimeOffset Modified);
}
