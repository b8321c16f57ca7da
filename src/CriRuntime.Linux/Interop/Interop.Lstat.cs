using Tmds.Linux;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>The file type bits of <c>st_mode</c> (S_IFMT) and the types callers tell apart.</summary>
    public const uint FileTypeMask = 0xF000;
    public const uint FileTypeSocket = 0xC000;
    public const uint FileTypeSymlink = 0xA000;
    public const uint FileTypeRegular = 0x8000;
    public const uint FileTypeDirectory = 0x4000;

    /// <summary>lstat(2): the path itself, never a symlink's target. False with errno set (see <see cref="Error(string, string)"/>).</summary>
    public static unsafe bool TryLstat(string path, out stat status)
    {
        var bytes = Utf8z(path);
        fixed (byte* p = bytes)
        fixed (stat* s = &status)
        {
            return LibC.lstat(p, s) == 0;
        }
    }
}
