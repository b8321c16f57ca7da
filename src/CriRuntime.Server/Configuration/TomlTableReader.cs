using System.Globalization;
using Tomlyn.Model;

namespace CriRuntime.Server.Configuration;

/// <summary>
/// Reads one TOML table against the schema the caller walks: each read marks its key as known,
/// and <see cref="EnsureAllKeysKnown"/> turns a leftover (misspelt or unsupported) key into an error.
/// Every error names the file and the full dotted key.
/// </summary>
internal sealed class TomlTableReader(TomlTable table, string file, string prefix = "")
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public string String(string key, string fallback) => Read(key, fallback, static v => v as string, "a string");

    public bool Bool(string key, bool fallback) => Read(key, fallback, static v => v as bool?, "a boolean");

    public int Int(string key, int fallback, int min, int max)
    {
        var value = Read<long>(key, fallback, static v => v as long?, "an integer");
        return value >= min && value <= max
            ? (int)value
            : throw Invalid(key, $"must be between {min} and {max}, got {value}");
    }

    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var text = String(key, "");
        if (!Has(key))
        {
            return fallback;
        }

        return DurationParser.TryParse(text, out var value)
            ? value
            : throw Invalid(key, $"must be a duration such as \"10s\" or \"1m30s\", got \"{text}\"");
    }

    public T Enum<T>(string key, T fallback)
        where T : struct, Enum
    {
        var text = String(key, "");
        if (!Has(key))
        {
            return fallback;
        }

        return EnumNames.TryParse<T>(text, out var value)
            ? value
            : throw Invalid(key, $"must be one of {string.Join(", ", EnumNames.All<T>())}, got \"{text}\"");
    }

    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback)
    {
        _known.Add(key);
        if (!table.TryGetValue(key, out var raw))
        {
            return fallback;
        }

        if (raw is not TomlArray array)
        {
            throw WrongType(key, "an array of strings", raw);
        }

        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            list.Add(item as string ?? throw WrongType(key, "an array of strings", item));
        }

        return list;
    }

    /// <summary>A sub-table, or null when absent.</summary>
    public TomlTableReader? Table(string key)
    {
        _known.Add(key);
        if (!table.TryGetValue(key, out var raw))
        {
            return null;
        }

        return raw is TomlTable sub
            ? new TomlTableReader(sub, file, Qualify(key) + ".")
            : throw WrongType(key, "a table", raw);
    }

    /// <summary>Every sub-table of a table whose keys are names (e.g. runtime handlers).</summary>
    public IEnumerable<(string Name, TomlTableReader Reader)> NamedTables()
    {
        foreach (var (name, raw) in table)
        {
            _known.Add(name);
            yield return raw is TomlTable sub
                ? (name, new TomlTableReader(sub, file, Qualify(name) + "."))
                : throw WrongType(name, "a table", raw);
        }
    }

    public bool Has(string key) => table.ContainsKey(key);

    public ConfigException Invalid(string key, string problem) =>
        new($"config {file}: key '{Qualify(key)}' {problem}");

    public void EnsureAllKeysKnown()
    {
        foreach (var (key, _) in table)
        {
            if (!_known.Contains(key))
            {
                throw new ConfigException($"config {file}: unknown key '{Qualify(key)}'");
            }
        }
    }

    private T Read<T>(string key, T fallback, Func<object?, T?> cast, string expected)
        where T : struct
    {
        _known.Add(key);
        if (!table.TryGetValue(key, out var raw))
        {
            return fallback;
        }

        return cast(raw) ?? throw WrongType(key, expected, raw);
    }

    private string Read(string key, string fallback, Func<object?, string?> cast, string expected)
    {
        _known.Add(key);
        if (!table.TryGetValue(key, out var raw))
        {
            return fallback;
        }

        return cast(raw) ?? throw WrongType(key, expected, raw);
    }

    private ConfigException WrongType(string key, string expected, object? raw) =>
        Invalid(key, $"must be {expected}, got {Describe(raw)}");

    private string Qualify(string key) => prefix + key;

    private static string Describe(object? raw) => raw switch
    {
        null => "nothing",
        string s => $"the string \"{s}\"",
        long l => $"the integer {l.ToString(CultureInfo.InvariantCulture)}",
        double d => $"the number {d.ToString(CultureInfo.InvariantCulture)}",
        bool b => $"the boolean {(b ? "true" : "false")}",
        TomlArray => "an array",
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        _ => raw.GetType().Name,
    };
}
