using System.Globalization;
using System.Text.Json;

namespace CriRuntime.Streaming.Client;

/// <summary>
/// How a remote command (exec or attach) ended, from its error channel: v4 and v5 send a metav1.Status
/// (<c>Success</c>; <c>Failure</c> with reason <c>NonZeroExitCode</c> and the code as the <c>ExitCode</c> cause; or
/// another <c>Failure</c> with its message), older versions plain text and nothing on success.
/// </summary>
/// <param name="ExitCode">The remote process's exit code; null when the session failed without one.</param>
/// <param name="Message">The failure's text; empty on success.</param>
public sealed record RemoteCommandStatus(int? ExitCode, string Message)
{
    /// <summary>The error channel's text as the server sent it.</summary>
    public string ErrorChannel { get; init; } = "";

    /// <summary>Reads the error channel's text: a Status JSON when it starts with <c>{</c>, else plain text (empty: success).</summary>
    public static RemoteCommandStatus Parse(string errorText) => ParseText(errorText) with { ErrorChannel = errorText };

    private static RemoteCommandStatus ParseText(string errorText)
    {
        var text = errorText.Trim();
        if (text.Length == 0)
        {
            return new RemoteCommandStatus(0, "");
        }

        if (!text.StartsWith('{'))
        {
            return new RemoteCommandStatus(null, text);
        }

        try
        {
            using var status = JsonDocument.Parse(text);
            var root = status.RootElement;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            if (root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == "Success")
            {
                return new RemoteCommandStatus(0, "");
            }

            if (root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String && reason.GetString() == "NonZeroExitCode"
                && root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("causes", out var causes) && causes.ValueKind == JsonValueKind.Array)
            {
                foreach (var cause in causes.EnumerateArray())
                {
                    if (cause.ValueKind == JsonValueKind.Object
                        && cause.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() == "ExitCode"
                        && cause.TryGetProperty("message", out var code) && code.ValueKind == JsonValueKind.String
                        && int.TryParse(code.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exit))
                    {
                        return new RemoteCommandStatus(exit, message);
                    }
                }
            }

            return new RemoteCommandStatus(null, message.Length > 0 ? message : text);
        }
        catch (JsonException)
        {
            return new RemoteCommandStatus(null, text);
        }
    }
}
