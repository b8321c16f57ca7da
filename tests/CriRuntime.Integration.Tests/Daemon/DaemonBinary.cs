namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>Where the built criruntimed is: beside the tests (the project reference copies it), else in the server's output.</summary>
internal static class DaemonBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "criruntimed");
        if (File.Exists(beside))
        {
            return beside;
        }

        throw new FileNotFoundException($"criruntimed not found beside the tests in {AppContext.BaseDirectory}; build the solution first");
    }
}
