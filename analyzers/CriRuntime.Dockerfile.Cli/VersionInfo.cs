using System.Reflection;

namespace CriRuntime.Dockerfile.Cli;

internal static class VersionInfo
{
    /// <summary>The informational version without the source-revision suffix.</summary>
    public static string Version { get; } = Read();

    private static string Read()
    {
        var version = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
