namespace CriRuntime.Dockerfile.Tests;

/// <summary>Locations resolved from the repository root (the directory holding CriRuntime.sln).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string RuleDocs => Path.Combine(RepoRoot, "analyzers", "docs", "rules");

    public static string Corpus => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "dockerfiles"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CriRuntime.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CriRuntime.sln not found above " + AppContext.BaseDirectory);
    }
}
