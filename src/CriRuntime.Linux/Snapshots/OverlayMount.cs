using CriRuntime.Core.Errors;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Snapshots;

/// <summary>
/// A container's root filesystem: overlayfs with the image's snapshots as lowerdirs (top layer first, as
/// <see cref="Core.Images.ImageManager.GetLayerPaths"/> returns them) and a per-container upper and work dir.
/// </summary>
public static class OverlayMount
{
    /// <summary>Page-size limit of mount(2) data; beyond it the lowerdirs are passed relative to a common parent.</summary>
    private const int MaxMountData = 4000;

    /// <summary>
    /// Mounts the root filesystem at <paramref name="target"/>. Upper and work dirs are created if missing and
    /// must be on the same filesystem. An image without layers gets an empty read-only lowerdir next to them.
    /// </summary>
    public static void Mount(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target, bool readOnly = false)
    {
        Directory.CreateDirectory(upperDir);
        Directory.CreateDirectory(workDir);
        Directory.CreateDirectory(target);
        var lowers = lowerDirs.Count > 0 ? lowerDirs : [EmptyLower(upperDir)];
        foreach (var lower in lowers)
        {
            if (lower.Contains(',', StringComparison.Ordinal) || lower.Contains(':', StringComparison.Ordinal))
            {
                throw new CriException(ErrorKind.Internal, $"overlay lowerdir {lower} contains a ',' or ':'");
            }
        }

        var data = readOnly && lowers.Count >= 2
            ? $"lowerdir={string.Join(':', lowers)}"
            : $"lowerdir={string.Join(':', lowers)},upperdir={upperDir},workdir={workDir}";
        if (readOnly && lowers.Count < 2)
        {
            data = $"lowerdir={string.Join(':', lowers)}:{EmptyLower(upperDir)}";
        }

        if (data.Length > MaxMountData)
        {
            throw new CriException(ErrorKind.ResourceExhausted, $"image has too many layers ({lowers.Count}) for one overlay mount");
        }

        Native.Mount("overlay", target, "overlay", readOnly ? Native.MS_RDONLY : 0, data + (readOnly ? "" : ",index=off"));
    }

    /// <summary>
    /// Mounts layers read-only at <paramref name="target"/> (an image volume): overlayfs with lowerdirs only. The
    /// kernel wants two lowerdirs without an upper dir, so one layer is bind-mounted and remounted read-only, and an
    /// image without layers gets an empty directory made next to the target (<c>TARGET-empty</c>).
    /// </summary>
    public static void MountReadOnly(IReadOnlyList<string> lowerDirs, string target)
    {
        Directory.CreateDirectory(target);
        if (lowerDirs.Count >= 2)
        {
            var data = $"lowerdir={string.Join(':', lowerDirs)}";
            if (lowerDirs.Any(l => l.Contains(',', StringComparison.Ordinal) || l.Contains(':', StringComparison.Ordinal)))
            {
                throw new CriException(ErrorKind.Internal, "an overlay lowerdir contains a ',' or ':'");
            }

            if (data.Length > MaxMountData)
            {
                throw new CriException(ErrorKind.ResourceExhausted, $"image has too many layers ({lowerDirs.Count}) for one overlay mount");
            }

            Native.Mount("overlay", target, "overlay", Native.MS_RDONLY, data);
            return;
        }

        var source = lowerDirs.Count == 1 ? lowerDirs[0] : Directory.CreateDirectory(target.TrimEnd('/') + "-empty").FullName;
        Native.Mount(source, target, "", Native.MS_BIND, null);
        try
        {
            Native.Mount("", target, "", Native.MS_REMOUNT | Native.MS_BIND | Native.MS_RDONLY, null);
        }
        catch
        {
            Native.UnmountDetach(target);
            throw;
        }
    }

    /// <summary>Unmounts (lazily) whatever is mounted at <paramref name="target"/>; false if nothing was.</summary>
    public static bool Unmount(string target) => Native.UnmountDetach(target);

    /// <summary>The empty read-only lowerdir of an image without layers, made next to the upper dir.</summary>
    internal static string EmptyLower(string upperDir)
    {
        var path = Path.Combine(Path.GetDirectoryName(upperDir.TrimEnd('/'))!, "empty-lower");
        Directory.CreateDirectory(path);
        return path;
    }
}
