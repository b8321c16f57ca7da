using System.Runtime.InteropServices;
using CriRuntime.Core.Images.Models;

namespace CriRuntime.Core.Images;

/// <summary>
/// Chooses the manifest of an index that suits this node: same OS, same architecture, and the best variant
/// the node runs (an armv7 node runs v7, then v6, then v5 images; arm64 treats "" and "v8" alike).
/// Entries without a platform, or with os "unknown" (build attestations), are never chosen.
/// </summary>
public sealed class PlatformMatcher
{
    private readonly string _os;
    private readonly string _architecture;
    private readonly string[] _variants;

    public PlatformMatcher(string os, string architecture, string? variant)
    {
        _os = os;
        _architecture = NormaliseArchitecture(architecture);
        _variants = CompatibleVariants(_architecture, NormaliseVariant(_architecture, variant));
    }

    public static PlatformMatcher Host { get; } = new("linux", HostArchitecture(), HostVariant());

    public Platform Platform => new() { Os = _os, Architecture = _architecture, Variant = _variants[0].Length == 0 ? null : _variants[0] };

    /// <summary>The index of the best descriptor, or -1.</summary>
    public int SelectBest(IReadOnlyList<Descriptor> manifests)
    {
        var best = -1;
        var bestRank = int.MaxValue;
        for (var i = 0; i < manifests.Count; i++)
        {
            var rank = Rank(manifests[i].Platform);
            if (rank < bestRank)
            {
                best = i;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>0 is a perfect match, larger is worse, int.MaxValue is no match.</summary>
    public int Rank(Platform? platform)
    {
        if (platform is null || !string.Equals(platform.Os, _os, StringComparison.Ordinal))
        {
            return int.MaxValue;
        }

        var architecture = NormaliseArchitecture(platform.Architecture ?? "");
        if (!string.Equals(architecture, _architecture, StringComparison.Ordinal))
        {
            return int.MaxValue;
        }

        var variant = NormaliseVariant(architecture, platform.Variant);
        var index = Array.IndexOf(_variants, variant);
        return index < 0 ? int.MaxValue : index;
    }

    public bool Matches(Platform? platform) => Rank(platform) != int.MaxValue;

    private static string NormaliseArchitecture(string architecture) => architecture switch
    {
        "x86_64" or "x86-64" => "amd64",
        "aarch64" => "arm64",
        "armhf" or "armel" => "arm",
        "i386" => "386",
        _ => architecture,
    };

    private static string NormaliseVariant(string architecture, string? variant)
    {
        variant ??= "";
        return architecture switch
        {
            "arm64" when variant is "v8" or "8" => "",
            "amd64" when variant is "v1" => "",
            "arm" when variant.Length == 0 => "v7",
            "arm" when variant is "5" or "6" or "7" or "8" => "v" + variant,
            _ => variant,
        };
    }

    private static string[] CompatibleVariants(string architecture, string variant) => (architecture, variant) switch
    {
        ("arm", "v8") => ["v8", "v7", "v6", "v5"],
        ("arm", "v7") => ["v7", "v6", "v5"],
        ("arm", "v6") => ["v6", "v5"],
        ("amd64", "v4") => ["v4", "v3", "v2", ""],
        ("amd64", "v3") => ["v3", "v2", ""],
        ("amd64", "v2") => ["v2", ""],
        _ => [variant],
    };

    private static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm or Architecture.Armv6 => "arm",
        Architecture.X86 => "386",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string? HostVariant() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.Armv6 => "v6",
        Architecture.Arm => "v7",
        _ => null,
    };
}
