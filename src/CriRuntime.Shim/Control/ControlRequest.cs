using System.Text.Json;

namespace CriRuntime.Shim.Control;

/// <summary>One request line of the control socket, e.g. <c>{"op":"resize","width":80,"height":24}</c>.</summary>
internal sealed record ControlRequest(ControlOp Op)
{
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
                    case "op" when reader.TokenType == JsonTokenType.String:
                        op = reader.GetString();
                        break;
                    case "width" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var w):
                        width = w;
                        break;
                    case "height" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var h):
                        height = h;
                        break;
                    case "stdin" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        stdin = reader.GetBoolean();
                        break;
                    case "stdout" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        stdout = reader.GetBoolean();
                        break;
                    case "stderr" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        stderr = reader.GetBoolean();
                        break;
                    case "op" or "width" or "height" or "stdin" or "stdout" or "stderr":
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
            case "reopen":
                request = new ControlRequest(ControlOp.Reopen);
                break;
            case "status":
                request = new ControlRequest(ControlOp.Status);
                break;
            case "attach":
                request = new ControlRequest(ControlOp.Attach) { Stdin = stdin, Stdout = stdout, Stderr = stderr };
                break;
            case "resize":
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
}
