using System.Buffers;
using System.Text.Json;

namespace CriRuntime.ShimContract.Control;

/// <summary>Answer lines of the control socket: <c>{"ok":true}</c>, <c>{"ok":false,"error":"..."}</c>, status.</summary>
public static class ControlResponse
{
    public static byte[] Ok() => Build(static w => { });

    public static byte[] Error(string message) => Build(w => w.WriteString("error", message), ok: false);

    public static byte[] Status(int pid, bool running) => Build(w =>
    {
        w.WriteNumber("pid", pid);
        w.WriteBoolean("running", running);
    });

    /// <summary>True for an answer built by <see cref="Ok"/> or <see cref="Status"/>.</summary>
    public static bool IsOk(ReadOnlySpan<byte> answer) => answer.StartsWith("{\"ok\":true"u8);

    private static byte[] Build(Action<Utf8JsonWriter> members, bool ok = true)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", ok);
            members(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
