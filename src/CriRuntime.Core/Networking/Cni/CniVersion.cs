namespace CriRuntime.Core.Networking.Cni;

/// <summary>The CNI spec versions this client speaks: 0.3.0 to 1.1.0 (results share one shape across them).</summary>
public static class CniVersion
{
    public static IReadOnlyList<string> Supported { get; } = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version, StringComparer.Ordinal);

    /// <summary>CHECK exists, and DEL receives prevResult, from 0.4.0 on.</summary>
    public static bool HasCheck(string version) => AtLeast(version, 0, 4);

    /// <summary>Whether <paramref name="version"/> is at least major.minor.</summary>
    public static bool AtLeast(string version, int major, int minor) =>
        System.Version.TryParse(version, out var v) && (v.Major > major || (v.Major == major && v.Minor >= minor));
}
