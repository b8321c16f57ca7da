namespace CriRuntime.Dockerfile.Benchmarks;

/// <summary>The shared corpus: every Dockerfile under shared/corpus/dockerfiles, read into memory before timing.</summary>
internal static class Corpus
{
    public static List<(string Path, string Text)> Load(string directory)
    {
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(path)))
            .ToList();
    }

    /// <summary>../shared/corpus/dockerfiles relative to the repository root (the directory holding CriRuntime.sln).</summary>
    public static string DefaultDirectory()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CriRuntime.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "corpus", "dockerfiles"));
            }
        }

        throw new DirectoryNotFoundException("run from inside the repository, or pass --corpus DIR");
    }
}
