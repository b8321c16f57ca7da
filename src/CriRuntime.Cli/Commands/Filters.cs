namespace CriRuntime.Cli.Commands;

/// <summary>Parsing of list filters typed on the command line.</summary>
internal static class Filters
{
    /// <summary>"key=value" pairs of repeated --label options as a selector map.</summary>
    public static Dictionary<string, string> Labels(IEnumerable<string>? labels)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels ?? [])
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw CliException.Usage($"--label \"{label}\" is not key=value");
            }

            selector[label[..equals]] = label[(equals + 1)..];
        }

        return selector;
    }

    /// <summary>A state name as typed ("running", "Exited", "CONTAINER_RUNNING") matched against an enum's names.</summary>
    public static T? State<T>(string? text, string prefix, string option)
        where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        var wanted = text.ToUpperInvariant().Replace("_", "", StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<T>())
        {
            var name = value.ToString().ToUpperInvariant();
            if (name == wanted || name == prefix + wanted)
            {
                return value;
            }
        }

        var names = string.Join(", ", Enum.GetValues<T>().Select(v => v.ToString()[prefix.Length..].ToLowerInvariant()));
        throw CliException.Usage($"{option} \"{text}\" is not one of {names}");
    }
}
