namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>lchown(2): ownership of the path itself, never of a symlink's target.</summary>
    public static unsafe void Lchown(string path, uint uid, uint gid)
    {
        var bytes = Utf8z(path);
        fixed (byte* p = bytes)
        {
            if (Tmds.Linux.LibC.lchown(p, uid, gid) != 0)
            {
                throw Error("lchown", path);
            }
        }
    }
}
