using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Runtime;

/// <summary>Finds a binary the way a shell would: an absolute path as is, a bare name on PATH.</summary>
public static class ExecutableLookup
{
    public static string? Find(string nameOrPath, IHostFiles files)
    {
        if (nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            return files.FileExists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, nameOrPath);
            if (files.FileExists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
