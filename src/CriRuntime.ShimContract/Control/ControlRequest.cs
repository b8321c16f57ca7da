using System.Buffers;
using System.Text.Json;

namespace CriRuntime.ShimContract.Control;

/// <summary>
/// One request line of the control socket, e.g. <c>{"op":"resize","width":80,"height":24}</c>: the daemon writes it
/// with <see cref="ToLine"/>, the shim reads it with <see cref="TryParse"/>.
/// </summary>
public sealed record ControlRequest(ControlOp Op)
{
    private const string OpName = "op";
    private const string WidthName = "width";
    private const string HeightName = "height";
    private const string StdinName = "stdin";
    private const string StdoutName = "stdout";
    private const string StderrName = "stderr";
    private const string ReopenOp = "reopen";
    private const string StatusOp = "status";
    private const string AttachOp = "attach";
    private const string ResizeOp = "resize";

    public ushort Width { get; init; }

    public ushort Height { get; init; }

    public bool Stdin { get; init; }

    public bool Stdout { get; init; }

    public bool Stderr { get; init; }

    /// <summary>Parses one line (without its newline); unknown members are ignored so clients may add fields.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out ControlRequest? request, out string error)
    {
        request = null;
        string? op = null;
        long width = -1;
        long height = -1;
        bool stdin = false, stdout = false, stderr = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "request is not a JSON object";
                return false;
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
                    case OpName when reader.TokenType == JsonTokenType.String:
                        op = reader.GetString();
                        break;
                    case WidthName when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var w):
                        width = w;
                        break;
                    case HeightName when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var h):
                        height = h;
                        break;
                    case StdinName when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        stdin = reader.GetBoolean();
                        break;
                    case StdoutName when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        stdout = reader.GetBoolean();
                        break;
                    case StderrName when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        stderr = reader.GetBoolean();
                        break;
                    case OpName or WidthName or HeightName or StdinName or StdoutName or StderrName:
                        error = $"\"{name}\" has the wrong type";
                        return false;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "request is not one JSON object";
                return false;
            }
        }
        catch (JsonException e)
        {
            error = "invalid JSON: " + e.Message;
            return false;
        }

        switch (op)
        {
            case null:
                error = "missing \"op\"";
                return false;
            case ReopenOp:
                request = new ControlRequest(ControlOp.Reopen);
                break;
            case StatusOp:
                request = new ControlRequest(ControlOp.Status);
                break;
            case AttachOp:
                request = new ControlRequest(ControlOp.Attach) { Stdin = stdin, Stdout = stdout, Stderr = stderr };
                break;
            case ResizeOp:
                if (width is < 0 or > ushort.MaxValue || height is < 0 or > ushort.MaxValue)
                {
                    error = "resize needs \"width\" and \"height\" between 0 and 65535";
                    return false;
                }

                request = new ControlRequest(ControlOp.Resize) { Width = (ushort)width, Height = (ushort)height };
                break;
            default:
                error = $"unknown op \"{op}\"";
                return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The request as the line the shim reads: one JSON object and a newline.</summary>
    public byte[] ToLine()
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(OpName, Op switch
            {
                ControlOp.Reopen => ReopenOp,
                ControlOp.Status => StatusOp,
                ControlOp.Attach => AttachOp,
                _ => ResizeOp,
            });
            if (Op == ControlOp.Attach)
            {
                writer.WriteBoolean(StdinName, Stdin);
                writer.WriteBoolean(StdoutName, Stdout);
                writer.WriteBoolean(StderrName, Stderr);
            }
            else if (Op == ControlOp.Resize)
            {
                writer.WriteNumber(WidthName, Width);
                writer.WriteNumber(HeightName, Height);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
