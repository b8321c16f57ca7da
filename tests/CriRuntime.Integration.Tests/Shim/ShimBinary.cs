namespace CriRuntime.Integration.Tests.Shim;

/// <summary>
/// The NativeAOT criruntime-shim under test: <c>$CRIRUNTIME_SHIM</c> when set, otherwise published once per test run
/// from src/CriRuntime.Shim (incremental, so a few seconds when nothing changed). The JIT build is not used: it has
/// more runtime threads than the native one, and the shim's signal handling is written for the native runtime.
/// </summary>
internal static class ShimBinary
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Environment.GetEnvironmentVariable("CRIRUNTIME_SHIM") is { Length: > 0 } given ? given : Published.Value;

    private static string Publish()
    {
        var repo = FindRepositoryRoot();
        var project = System.IO.Path.Combine(repo, "src", "CriRuntime.Shim", "CriRuntime.Shim.csproj");
        var output = System.IO.Path.Combine(repo, "src", "CriRuntime.Shim", "bin", "Release", "net10.0", "linux-x64", "publish");
        var (code, text) = Commands.Run("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "quiet"], TimeSpan.FromMinutes(8));
        var binary = System.IO.Path.Combine(output, "criruntime-shim");
        if (code != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"dotnet publish of the shim failed ({code}):\n{text}");
        }

        return binary;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CriRuntime.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CriRuntime.sln not found above " + AppContext.BaseDirectory);
    }
}
