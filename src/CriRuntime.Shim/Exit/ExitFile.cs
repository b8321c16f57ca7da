using CriRuntime.Shim.Interop;
using CriRuntime.ShimContract.Exit;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Exit;

/// <summary>
/// Writes the exit file the daemon reads (<see cref="ExitFileFormat"/>) to a temporary name, fsynced and renamed, so
/// a reader sees all or nothing.
/// </summary>
internal static class ExitFile
{
    public static void Write(string path, ExitRecord record)
    {
        var temporary = path + ".tmp";
        var fd = Fd.Open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0x1A4 /* 0644 */);
        try
        {
            Fd.WriteAll(fd, ExitFileFormat.Serialize(record));
            Fd.Fsync(fd);
        }
        finally
        {
            Fd.Close(fd);
        }

        Fd.Rename(temporary, path);
    }
}
