using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Models;

using Xunit;

namespace CriRuntime.Core.Tests.Images;

public sealed class PlatformMatcherTests
{
    private static Descriptor D(string os, string arch, string? variant = null) =>
        new() { Platform = new Platform { Os = os, Architecture = arch, Variant = variant } };

    [Fact]
    public void Picks_the_node_platform_and_skips_attestations()
    {
        var matcher = new PlatformMatcher("linux", "amd64", null);
        var manifests = new[] { D("unknown", "unknown"), D("linux", "arm64", "v8"), D("linux", "amd64"), D("windows", "amd64") };
        Assert.Equal(2, matcher.SelectBest(manifests));
    }

    [Fact]
    public void Arm64_treats_v8_and_no_variant_alike()
    {
        var matcher = new PlatformMatcher("linux", "aarch64", null);
        Assert.Equal(1, matcher.SelectBest([D("linux", "amd64"), D("linux", "arm64", "v8")]));
    }

    [Fact]
    public void Armv7_prefers_v7_then_older_variants_never_newer()
    {
        var matcher = new PlatformMatcher("linux", "arm", "v7");
        Assert.Equal(1, matcher.SelectBest([D("linux", "arm", "v6"), D("linux", "arm", "v7"), D("linux", "arm", "v8")]));
        Assert.Equal(0, matcher.SelectBest([D("linux", "arm", "v6"), D("linux", "arm", "v8")]));
        Assert.Equal(-1, matcher.SelectBest([D("linux", "arm", "v8")]));
    }

    [Fact]
    public void No_match_is_minus_one()
    {
        var matcher = new PlatformMatcher("linux", "amd64", null);
        Assert.Equal(-1, matcher.SelectBest([D("linux", "s390x"), new Descriptor()]));
    }

    [Fact]
    public void The_first_of_equal_matches_wins()
    {
        var matcher = new PlatformMatcher("linux", "amd64", null);
        Assert.Equal(0, matcher.SelectBest([D("linux", "amd64"), D("linux", "amd64", "v1")]));
    }
}
