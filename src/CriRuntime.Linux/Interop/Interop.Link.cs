using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>link(2): a hard link; the existing path's last component is not followed if it is a symlink.</summary>
    public static void Link(string existingPath, string newPath)
    {
        if (link(existingPath, newPath) != 0)
        {
            throw Error("link", $"{existingPath} -> {newPath}");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);
}
