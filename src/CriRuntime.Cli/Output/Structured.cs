using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using YamlDotNet.Serialization;

namespace CriRuntime.Cli.Output;

/// <summary>
/// JSON and YAML output. CRI messages are written with protobuf's JSON mapping (lowerCamelCase field names, enums
/// by name, 64-bit integers as strings, default values included so scripts find every field), as crictl writes them.
/// </summary>
internal static class Structured
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>A CRI message as a JSON tree.</summary>
    public static JsonNode ToNode(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    /// <summary>A list of messages as a JSON array.</summary>
    public static JsonArray ToArray(IEnumerable<IMessage> messages) => new([.. messages.Select(ToNode)]);

    /// <summary>
    /// A verbose info map (values are JSON documents written by the runtime) as an object of parsed values; a value
    /// that is not JSON is kept as a string.
    /// </summary>
    public static JsonObject Info(IEnumerable<KeyValuePair<string, string>> info)
    {
        var result = new JsonObject();
        foreach (var (key, value) in info.OrderBy(static i => i.Key, StringComparer.Ordinal))
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                parsed = JsonValue.Create(value);
            }

            result[key] = parsed;
        }

        return result;
    }

    /// <summary>Writes a tree as indented JSON or as YAML.</summary>
    public static void Write(TextWriter writer, OutputFormat format, JsonNode? node)
    {
        if (format == OutputFormat.Yaml)
        {
            writer.Write(Yaml.Serialize(ToPlain(node)));
            return;
        }

        writer.WriteLine(node?.ToJsonString(Indented) ?? "null");
    }

    /// <summary>Writes one tree as one compact JSON line (streams: events, logs of progress), or a YAML document.</summary>
    public static void WriteLine(TextWriter writer, OutputFormat format, JsonNode? node)
    {
        if (format == OutputFormat.Yaml)
        {
            writer.WriteLine("---");
            writer.Write(Yaml.Serialize(ToPlain(node)));
            return;
        }

        writer.WriteLine(node?.ToJsonString() ?? "null");
    }

    // YamlDotNet serializes plain dictionaries, lists and scalars; JSON numbers keep their text.
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(static p => p.Key, static p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var number) => number,
        _ => node.ToJsonString(),
    };
}
