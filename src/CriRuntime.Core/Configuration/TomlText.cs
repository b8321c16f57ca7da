using Tomlyn;
using Tomlyn.Model;

namespace CriRuntime.Core.Configuration;

/// <summary>The one way the project parses TOML (TOML v1.0.0 through Tomlyn): config.toml, registries.d, the CLI.</summary>
public static class TomlText
{
    /// <summary>
    /// The document's root table (empty for an empty text).
    /// </summary>
    /// <exception cref="FormatException">The text is not valid TOML; the message is the parser's first line.</exception>
    public static TomlTable Parse(string text)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text, TomlTableContext.Default) ?? new TomlTable();
        }
        // Tomlyn's lexer throws ArgumentOutOfRangeException on some malformed escapes (found by fuzzing config-toml).
        catch (Exception e) when (e is TomlException or ArgumentOutOfRangeException)
        {
            var end = e.Message.IndexOfAny(['\r', '\n']);
            throw new FormatException(end < 0 ? e.Message : e.Message[..end], e);
        }
    }
}
