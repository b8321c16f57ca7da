namespace CriRuntime.Server.Configuration;

/// <summary>Enum values as they are written in the file and on the command line: lower case, "warn" not "Warn".</summary>
internal static class EnumNames
{
    public static IEnumerable<string> All<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(static n => n.ToLowerInvariant());

    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
