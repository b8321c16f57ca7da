namespace CriRuntime.Dockerfile.Cli;

/// <summary>
/// Our own words for file-system failures: the NativeAOT build strips the runtime's resource strings
/// (<c>UseSystemResourceKeys</c>), so <see cref="Exception.Message"/> would print a raw resource key.
/// </summary>
internal static class IoErrors
{
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such directory",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "path too long",
        _ => $"cannot be read ({e.GetType().Name})",
    };
}
