using System.Runtime.InteropServices;
using System.Text;

namespace CriRuntime.Linux.Interop;

/// <summary>Shared by the native wrappers: errno to exceptions, strings to NUL-terminated UTF-8.</summary>
internal static partial class Native
{
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EPERM = 1;
    public const int ENOTSUP = 95;
    public const int ENODATA = 61;
    public const int EBUSY = 16;

    public static byte[] Utf8z(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("path contains a NUL character", nameof(value));
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    public static NativeException Error(string function, string path) => Error(function, path, Marshal.GetLastPInvokeError());

    public static NativeException Error(string function, string path, int errno) =>
        new(errno, $"{function}({path}): {Marshal.GetPInvokeErrorMessage(errno)}");
}

/// <summary>A failed system call, with its errno.</summary>
public sealed class NativeException(int errno, string message) : IOException(message, errno)
{
    public int Errno { get; } = errno;
}
