using System.Runtime.InteropServices;
using System.Text;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>llistxattr(2): the names of the path's own extended attributes (empty when it has none).</summary>
    public static IReadOnlyList<string> Llistxattr(string path)
    {
        var buffer = new byte[4096];
        var length = llistxattr(path, buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENOTSUP ? [] : throw Error("llistxattr", path, errno);
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)length).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint llistxattr(string path, Span<byte> list, nuint size);
}
