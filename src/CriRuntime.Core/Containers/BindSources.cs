using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>
/// The host side of a container's bind mounts. A <c>host_path</c> that does not exist is created as a directory
/// (mode 0755, with its missing parents), as containerd, CRI-O and Docker's <c>-v</c> do; the directories made are
/// removed again when the create fails. A path that cannot be created is InvalidArgument naming it.
/// </summary>
public static class BindSources
{
    /// <summary>Creates the missing sources of <paramref name="mounts"/>, pushing their removal on <paramref name="undo"/>.</summary>
    public static void Prepare(IEnumerable<MountRequest> mounts, UndoStack undo, IHostFiles files)
    {
        foreach (var mount in mounts)
        {
            var path = mount.HostPath;
            var info = files.Inspect(path);
            if (info.IsFile || files.DirectoryExists(path))
            {
                continue;
            }

            if (info.LinkTarget is { } target)
            {
                throw CriException.InvalidArgument($"mount host_path \"{path}\" is a symbolic link to \"{target}\", which does not exist");
            }

            var made = MissingAncestors(path, files);
            try
            {
                files.CreateDirectory(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CriException.InvalidArgument($"mount host_path \"{path}\" does not exist and cannot be created: {e.Message}");
            }
            finally
            {
                // Deepest first; a directory something else has filled since is left alone.
                undo.Push(() =>
                {
                    foreach (var dir in made)
                    {
                        if (files.DirectoryExists(dir) && !files.EnumerateEntries(dir).Any())
                        {
                            files.DeleteDirectory(dir);
                        }
                    }
                });
            }
        }
    }

    /// <summary><paramref name="path"/> and its ancestors that do not exist, deepest first.</summary>
    private static List<string> MissingAncestors(string path, IHostFiles files)
    {
        var missing = new List<string>();
        for (var dir = Path.TrimEndingDirectorySeparator(path); !string.IsNullOrEmpty(dir) && !files.FileExists(dir) && !files.DirectoryExists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing.Add(dir);
        }

        return missing;
    }
}
