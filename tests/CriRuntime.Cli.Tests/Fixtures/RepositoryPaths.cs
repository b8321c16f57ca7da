namespace CriRuntime.Cli.Tests.Fixtures;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds CriRuntime.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CriRuntime.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CriRuntime.sln not found above " + AppContext.BaseDirectory);
    }
}
