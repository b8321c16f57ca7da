using System.Buffers;
using System.Text.Json;
using CriRuntime.Shim.Interop;
using CriRuntime.Shim.Logging;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Exit;

/// <summary>
/// The exit file the daemon reads, possibly after a restart: <c>{"exitCode":N,"signal":S,"exitedAt":"...","oomKilled":false}</c>
/// or <c>{"exitCode":-1,"error":"..."}</c>. Written to a temporary name, fsynced and renamed, so a reader sees all or nothing.
/// </summary>
internal static class ExitFile
{
    public static byte[] Serialize(ExitRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("exitCode", record.ExitCode);
            if (record.Error is { } error)
            {
                writer.WriteString("error", error);
            }
            else
            {
                writer.WriteNumber("signal", record.Signal);
                writer.WriteString("exitedAt", Rfc3339Nano.ToString(record.ExitedAtUnixNanoseconds));
                writer.WriteBoolean("oomKilled", record.OomKilled);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(string path, ExitRecord record)
    {
        var temporary = path + ".tmp";
        var fd = Fd.Open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0x1A4 /* 0644 */);
        try
        {
            Fd.WriteAll(fd, Serialize(record));
            Fd.Fsync(fd);
        }
        finally
        {
            Fd.Close(fd);
        }

        Fd.Rename(temporary, path);
    }
}
