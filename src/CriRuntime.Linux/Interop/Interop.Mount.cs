using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    public const ulong MS_RDONLY = 1;
    public const ulong MS_NOSUID = 2;
    public const ulong MS_NODEV = 4;
    public const ulong MS_REMOUNT = 32;
    public const ulong MS_BIND = 4096;

    /// <summary>mount(2).</summary>
    public static void Mount(string source, string target, string fileSystemType, ulong flags, string? data)
    {
        if (mount(source, target, fileSystemType, flags, data) != 0)
        {
            throw Error("mount", $"{fileSystemType} on {target}");
        }
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string fileSystemType, ulong flags, string? data);
}
