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
    /// <summary>As the kernel's limit on symbolic links followed in one lookup (ELOOP).</summary>
    private const int MaxSymlinks = 40;

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

        var pending = new Stack<string>(parts.Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // Only a link's target gets here: at the root it stays at the root.
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Path.Combine(root, Path.Combine([.. resolved, part]));
            var info = files.Inspect(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxSymlinks)
                {
                    throw CriException.InvalidArgument($"{field} has too many levels of symbolic links");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var next in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(next);
                }

                continue;
            }

            if (!info.IsFile && !files.DirectoryExists(candidate))
            {
                throw CriException.NotFound($"{field} does not exist in the image");
            }

            resolved.Add(part);
        }

        var result = resolved.Count == 0 ? root : Path.Combine(root, Path.Combine([.. resolved]));
        if (!files.DirectoryExists(result))
        {
            throw CriException.InvalidArgument($"{field} is not a directory: only directories of an image can be mounted");
        }

        return result;
    }
}
