namespace CriRuntime.Linux.Cgroups;

/// <summary>
/// cgroupsPath values for the OCI runtime and the directories they become, for the cgroupfs and systemd drivers.
/// Pure string work, so it is testable anywhere.
/// </summary>
public static class CgroupPaths
{
    public const string DefaultCgroupfsParent = "/criruntime";
    public const string DefaultSystemdParent = "system.slice";
    public const string SystemdPrefix = "criruntime";

    /// <summary>cgroupfs: <c>PARENT/ID</c>; systemd: <c>PARENT.slice:criruntime:ID</c> (runc's slice:prefix:name).</summary>
    public static string ForContainer(string parent, string id, bool systemd)
    {
        if (systemd)
        {
            var slice = parent.Length == 0 ? DefaultSystemdParent : Path.GetFileName(parent.TrimEnd('/'));
            return $"{slice}:{SystemdPrefix}:{id}";
        }

        var dir = parent.Length == 0 ? DefaultCgroupfsParent : "/" + parent.Trim('/');
        return $"{dir.TrimEnd('/')}/{id}";
    }

    /// <summary>The directory, relative to a hierarchy's root, that a cgroupsPath becomes.</summary>
    public static string Directory(string cgroupsPath, bool systemd)
    {
        if (!systemd)
        {
            return cgroupsPath.TrimStart('/');
        }

        var parts = cgroupsPath.Split(':');
        if (parts.Length != 3)
        {
            return cgroupsPath.TrimStart('/');
        }

        return ExpandSlice(parts[0]) + "/" + parts[1] + "-" + parts[2] + ".scope";
    }

    /// <summary><c>a-b-c.slice</c> lives at <c>a.slice/a-b.slice/a-b-c.slice</c>; <c>-.slice</c> is the root.</summary>
    public static string ExpandSlice(string slice)
    {
        if (slice is "" or "-.slice")
        {
            return "";
        }

        var name = slice.EndsWith(".slice", StringComparison.Ordinal) ? slice[..^6] : slice;
        var parts = name.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var path = new List<string>();
        var prefix = "";
        foreach (var part in parts)
        {
            prefix = prefix.Length == 0 ? part : prefix + "-" + part;
            path.Add(prefix + ".slice");
        }

        return string.Join('/', path);
    }
}
