using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using YamlDotNet.RepresentationModel;

namespace CriRuntime.Core.Cdi;

/// <summary>
/// A CDI spec file in YAML, read through YamlDotNet's node model (no reflection, so the daemon can be NativeAOT) and
/// bound by the same source-generated JSON contract as a <c>.json</c> spec. Scalars are read as the CDI reference
/// implementation (Go, YAML 1.1) reads them: plain <c>~</c>/<c>null</c>/empty is null, a plain integer with a leading
/// <c>0</c>, <c>0o</c> or <c>0x</c> is octal or hex (<c>fileMode: 0644</c>); every other scalar stays text and
/// numeric fields accept it as a number.
/// </summary>
internal static class CdiYaml
{
    private static readonly CdiJsonContext Binding = new(new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowReadingFromString });

    /// <summary>The spec in the first document of the text, or null for an empty text.</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">The text is not YAML.</exception>
    /// <exception cref="JsonException">A field has the wrong shape for the CDI spec.</exception>
    public static CdiSpec? Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode).Deserialize(Binding.CdiSpec);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(static c => KeyValuePair.Create(Key(c.Key), ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new JsonException($"unsupported YAML node at {node.Start}"),
    };

    private static string Key(YamlNode key) =>
        key is YamlScalarNode { Value: { } value } ? value : throw new JsonException($"a mapping key at {key.Start} is not text");

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        return JsonValue.Create(Integer(value) is { } number ? number.ToString(CultureInfo.InvariantCulture) : value);
    }

    /// <summary>Octal (<c>0644</c>, <c>0o644</c>) and hex (<c>0x1F</c>) integers; null for anything else.</summary>
    private static long? Integer(string value)
    {
        try
        {
            return value switch
            {
                ['0', 'o' or 'O', .. var octal] when octal.Length > 0 => Convert.ToInt64(octal, 8),
                ['0', 'x' or 'X', .. var hex] when hex.Length > 0 => Convert.ToInt64(hex, 16),
                ['0', .. var octal] when octal.Length > 0 && octal.All(char.IsAsciiDigit) => Convert.ToInt64(octal, 8),
                _ => null,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return null;
        }
    }
}
