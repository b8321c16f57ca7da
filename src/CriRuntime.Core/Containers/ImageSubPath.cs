using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>
/// Resolves CRI <c>Mount.image_sub_path</c> inside an image volume's root as <c>openat2(RESOLVE_IN_ROOT)</c> would:
/// symbolic links are followed with the root as <c>/</c>, and <c>..</c> in a link's target stops at the root, so
/// the result never leaves it. The image volume is a read-only overlay of immutable snapshots, so the walk cannot
/// race a change below it.
/// </summary>
public static class ImageSubPath
{
    /// <summary>
    /// The host path of <paramref name="subPath"/> below <paramref name="root"/>, free of symbolic links. A sub-path
    /// with <c>..</c>, a loop of links or one that is not a directory is InvalidArgument; one that does not exist
    /// is NotFound; each names the mount and the field.
    /// </summary>
    public static string Resolve(string root, string subPath, string containerPath, IHostFiles files)
    {
        var field = $"mount \"{SafeText.Clip(containerPath)}\": image_sub_path \"{SafeText.Clip(subPath)}\"";
        var parts = subPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (subPath.StartsWith('/') || parts.Contains(".."))
        {
            throw CriException.InvalidArgument($"{field} must be a relative path without \"..\"");
        }

        var result = InRootPath.Resolve(root, subPath, files, out var loop)
            ?? throw (loop
                ? CriException.InvalidArgument($"{field} has too many levels of symbolic links")
                : CriException.NotFound($"{field} does not exist in the image"));
        if (!files.DirectoryExists(result))
        {
            throw CriException.InvalidArgument($"{field} is not a directory: only directories of an image can be mounted");
        }

        return result;
    }
}
