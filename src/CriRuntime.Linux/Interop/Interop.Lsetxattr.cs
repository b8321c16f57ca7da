using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>lsetxattr(2): an extended attribute of the path itself.</summary>
    public static void Lsetxattr(string path, string name, ReadOnlySpan<byte> value)
    {
        if (lsetxattr(path, name, value, (nuint)value.Length, 0) != 0)
        {
            throw Error("lsetxattr", $"{path}, {name}");
        }
    }

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, ReadOnlySpan<byte> value, nuint size, int flags);
}
