namespace CriRuntime.Dockerfile.Rules;

/// <summary>Path tests that accept both Linux and Windows container paths.</summary>
internal static class Paths
{
    public static bool IsAbsolute(string path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        if (path[0] == '/' || path[0] == '\\')
        {
            return true;
        }

        // C:\ or c:/ (Windows containers).
        return path.Length >= 2 && char.IsLetter(path[0]) && path[1] == ':';
    }

    public static bool EndsWithSeparator(string path)
        => path.Length > 0 && (path[path.Length - 1] == '/' || path[path.Length - 1] == '\\');
}
