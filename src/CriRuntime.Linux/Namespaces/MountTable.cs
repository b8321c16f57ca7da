using System.Text;

namespace CriRuntime.Linux.Namespaces;

/// <summary>The mount points of the daemon's mount namespace (<c>/proc/self/mountinfo</c>).</summary>
public static class MountTable
{
    public static bool IsMountPoint(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        return MountPoints().Any(m => m == full);
    }

    /// <summary>Every mount point at or under <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Under(string directory)
    {
        var full = Path.GetFullPath(directory).TrimEnd('/');
        return [.. MountPoints().Where(m => m == full || m.StartsWith(full + "/", StringComparison.Ordinal))];
    }

    private static IEnumerable<string> MountPoints()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                yield return Unescape(fields[4]);
            }
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal (<c>\040</c>).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.Add((byte)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
