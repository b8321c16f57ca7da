using System.Text;

namespace CriRuntime.Shim.Interop;

/// <summary>NUL-terminated UTF-8 for libc's char* arguments.</summary>
internal static class Utf8Z
{
    public static byte[] From(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
