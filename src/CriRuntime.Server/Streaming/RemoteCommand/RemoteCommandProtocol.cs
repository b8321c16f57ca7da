using System.Text;
using System.Text.Json;

namespace CriRuntime.Server.Streaming.RemoteCommand;

/// <summary>
/// The Kubernetes remote command sub-protocols (k8s.io/apimachinery remotecommand constants), how their error
/// stream reports the outcome, and the resize messages.
/// </summary>
internal static class RemoteCommandProtocol
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";
    public const string V3 = "v3.channel.k8s.io";
    public const string V2 = "v2.channel.k8s.io";
    public const string V1 = "channel.k8s.io";

    /// <summary>SPDY: X-Stream-Protocol-Version values, in the server's order of preference.</summary>
    public static readonly string[] Spdy = [V4, V3, V2, V1];

    /// <summary>WebSocket sub-protocols (and their base64 variants).</summary>
    public static readonly string[] WebSocket =
    [
        V5, V4, V3, V2, V1,
        "v5.base64.channel.k8s.io", "v4.base64.channel.k8s.io", "v3.base64.channel.k8s.io", "v2.base64.channel.k8s.io", "base64.channel.k8s.io",
    ];

    /// <summary>Channel numbers of the WebSocket protocol (SPDY names its streams by a streamType header instead).</summary>
    public const int StdinChannel = 0;
    public const int StdoutChannel = 1;
    public const int StderrChannel = 2;
    public const int ErrorChannel = 3;
    public const int ResizeChannel = 4;

    /// <summary>v4 and v5 report the outcome as a Status object; older versions as plain text, nothing on success.</summary>
    public static bool HasStatusJson(string protocol) => protocol.StartsWith("v4.", StringComparison.Ordinal) || protocol.StartsWith("v5.", StringComparison.Ordinal);

    /// <summary>v3 and later carry terminal resizes.</summary>
    public static bool SupportsResize(string protocol) => !(protocol is V1 or V2 or "" || protocol.StartsWith("v2.", StringComparison.Ordinal) || protocol.StartsWith("base64.", StringComparison.Ordinal));

    /// <summary>
    /// The error stream's content for an outcome: a metav1.Status JSON in v4/v5 (Success; or Failure with reason
    /// NonZeroExitCode and an ExitCode cause; or Failure with the message), text for older versions (null: nothing).
    /// </summary>
    public static byte[]? Outcome(string protocol, IReadOnlyList<string> command, int? exitCode, string? error)
    {
        var message = error ?? (exitCode is { } c && c != 0
            ? $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {c}"
            : null);
        if (!HasStatusJson(protocol))
        {
            return message is null ? null : Encoding.UTF8.GetBytes(message);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteEndObject();
            if (message is null)
            {
                json.WriteString("status", "Success");
            }
            else
            {
                json.WriteString("status", "Failure");
                json.WriteString("message", message);
                if (error is null)
                {
                    json.WriteString("reason", "NonZeroExitCode");
                    json.WriteStartObject("details");
                    json.WriteStartArray("causes");
                    json.WriteStartObject();
                    json.WriteString("reason", "ExitCode");
                    json.WriteString("message", exitCode!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteString("reason", "InternalError");
                    json.WriteNumber("code", 500);
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Picks the first protocol the client offers that the server supports; null when none.</summary>
    public static string? Negotiate(IEnumerable<string> offered, IReadOnlyCollection<string> supported) =>
        offered.SelectMany(o => o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(supported.Contains);
}
