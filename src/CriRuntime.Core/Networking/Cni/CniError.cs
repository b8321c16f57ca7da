using System.Text.Json.Nodes;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// The error object a plugin prints on stdout when it fails (spec: code, msg, details). Codes 1-99 are the spec's
/// (1 incompatible version, 2 unsupported field, 3 unknown container, 4 invalid env, 5 I/O, 6 decode, 7 invalid
/// config, 11 try again later, 50/51 STATUS); 100 and up are the plugin's own.
/// </summary>
public sealed record CniError(int Code, string Msg, string Details)
{
    /// <summary>Reads an error object; returns null when the text is not one (a crash, a Go panic on stderr...).</summary>
    public static CniError? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is not JsonObject obj || !obj.ContainsKey("code") && !obj.ContainsKey("msg"))
            {
                return null;
            }

            var code = obj["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 0;
            var msg = obj["msg"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : "";
            var details = obj["details"] is JsonValue dv && dv.TryGetValue<string>(out var d) ? d : "";
            return new CniError(code, msg, details);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string Describe(int code) => code switch
    {
        1 => "incompatible CNI version",
        2 => "unsupported field in network configuration",
        3 => "container unknown or does not exist",
        4 => "invalid necessary environment variables",
        5 => "I/O failure",
        6 => "failed to decode content",
        7 => "invalid network config",
        11 => "try again later",
        50 => "plugin not available",
        51 => "plugin not available, limited connectivity",
        _ => code >= 100 ? "plugin-specific error" : "error",
    };

    public override string ToString()
    {
        var text = $"code {Code} ({Describe(Code)}): {Msg}";
        return Details.Length > 0 ? $"{text}; {Details}" : text;
    }
}

/// <summary>A plugin invocation that failed: which plugin, which command, and the plugin's own error if it gave one.</summary>
public sealed class CniPluginException : Exception
{
    public CniPluginException(string plugin, string command, string message, CniError? error = null, bool timedOut = false, Exception? inner = null)
        : base(message, inner)
    {
        Plugin = plugin;
        Command = command;
        Error = error;
        TimedOut = timedOut;
    }

    public string Plugin { get; }

    public string Command { get; }

    public CniError? Error { get; }

    public bool TimedOut { get; }
}
