using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>lgetxattr(2): the value of an extended attribute, or null if the path has none of that name.</summary>
    public static byte[]? Lgetxattr(string path, string name)
    {
        var buffer = new byte[4096];
        var length = lgetxattr(path, name, buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENODATA ? null : throw Error("lgetxattr", $"{path}, {name}", errno);
        }

        return buffer[..(int)length];
    }

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, Span<byte> value, nuint size);
}
