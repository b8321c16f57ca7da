using System.Buffers;
using System.Text.Json;

namespace CriRuntime.ShimContract.Exit;

/// <summary>
/// The exit file's JSON, written by the shim and read by the daemon (possibly after a restart):
/// <c>{"exitCode":N,"signal":S,"exitedAt":"...","oomKilled":false}</c> or <c>{"exitCode":-1,"error":"..."}</c>.
/// A container whose shim left no exit file is reported with <see cref="ShimExit.NoExitFileCode"/>.
/// </summary>
public static class ExitFileFormat
{
    private const string ExitCodeName = "exitCode";
    private const string SignalName = "signal";
    private const string ExitedAtName = "exitedAt";
    private const string OomKilledName = "oomKilled";
    private const string ErrorName = "error";

    /// <summary>The file's bytes, one JSON object and a newline.</summary>
    public static byte[] Serialize(ExitRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(ExitCodeName, record.ExitCode);
            if (record.Error is { } error)
            {
                writer.WriteString(ErrorName, error);
            }
            else
            {
                writer.WriteNumber(SignalName, record.Signal);
                writer.WriteString(ExitedAtName, Rfc3339Nano.ToString(record.ExitedAtUnixNanoseconds));
                writer.WriteBoolean(OomKilledName, record.OomKilled);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads an exit file; null when it is not one JSON object. A missing or non-numeric exit code reads as
    /// <see cref="ShimExit.FailedCode"/>, a missing signal as 0, a missing or unreadable time as 0; unknown members
    /// are ignored.
    /// </summary>
    public static ExitRecord? Parse(ReadOnlySpan<byte> json)
    {
        var code = ShimExit.FailedCode;
        var signal = 0;
        var oom = false;
        string? error = null;
        long exitedAt = 0;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    break;
                }

                switch (name)
                {
                    case ExitCodeName when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var c):
                        code = c;
                        break;
                    case SignalName when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var s):
                        signal = s;
                        break;
                    case OomKilledName:
                        oom = reader.TokenType == JsonTokenType.True;
                        break;
                    case ErrorName when reader.TokenType == JsonTokenType.String:
                        error = reader.GetString();
                        break;
                    case ExitedAtName when reader.TokenType == JsonTokenType.String && Rfc3339Nano.TryParse(reader.GetString()!, out var t):
                        exitedAt = t;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return new ExitRecord(code) { Signal = signal, OomKilled = oom, Error = error, ExitedAtUnixNanoseconds = exitedAt };
    }
}
