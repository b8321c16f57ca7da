using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>
/// A path inside a root filesystem resolved as <c>openat2(RESOLVE_IN_ROOT)</c> would: symbolic links are followed
/// with the root as <c>/</c>, and <c>..</c> stops at the root, so the result never leaves it.
/// </summary>
internal static class InRootPath
{
    /// <summary>As the kernel's limit on symbolic links followed in one lookup (ELOOP).</summary>
    private const int MaxSymlinks = 40;

    /// <summary>
    /// The host path of <paramref name="path"/> (absolute or relative, both taken from the root) below
    /// <paramref name="root"/>, free of symbolic links; null when a component does not exist, or when links nest
    /// deeper than the kernel follows (<paramref name="loop"/> set).
    /// </summary>
    public static string? Resolve(string root, string path, IHostFiles files, out bool loop)
    {
        loop = false;
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
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
                    loop = true;
                    return null;
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
                return null;
            }

            resolved.Add(part);
        }

        return resolved.Count == 0 ? root : Path.Combine(root, Path.Combine([.. resolved]));
    }
}
