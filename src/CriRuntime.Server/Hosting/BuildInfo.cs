using System.Reflection;

namespace CriRuntime.Server;

/// <summary>The project's version, from the assembly (set once in Directory.Build.props).</summary>
internal static class BuildInfo
{
    public static string Version { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
