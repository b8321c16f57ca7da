using CriRuntime.Core.Runtime;
using Xunit;

namespace CriRuntime.Core.Tests.Runtime;

public sealed class OciFeaturesTests
{
    private static readonly Version Kernel618 = new(6, 18);

    [Fact]
    public void Debians_runc_1_1_5_has_recursive_read_only_mounts_but_no_idmapped_mounts()
    {
        var features = OciFeatures.Parse(Recorded("runc-1.1.5.json"), Kernel618);

        Assert.True(features.Probed);
        Assert.True(features.RecursiveReadOnlyMounts);
        Assert.Contains("rro", features.MountOptions);
        Assert.Contains("user", features.Namespaces);
        Assert.False(features.IdmapMounts);
        Assert.False(features.UserNamespaces);
    }

    [Theory]
    [InlineData("runc-1.1.5.json")]
    [InlineData("runtime-spec-1.2-idmap.json")]
    public void A_runtime_that_creates_user_namespaces_supports_them_where_the_host_id_maps_mounts(string document)
    {
        var features = OciFeatures.Parse(Recorded(document), Kernel618);

        Assert.False(features.UserNamespaces, "the document alone says nothing about the host's file systems");
        Assert.True((features with { HostIdmapMounts = true }).UserNamespaces);
        Assert.False((HandlerFeatures.None with { HostIdmapMounts = true }).UserNamespaces, "no features document: no user namespace listed");
    }

    [Fact]
    public void Rro_needs_a_kernel_with_mount_setattr()
    {
        var document = Recorded("runc-1.1.5.json");

        Assert.False(OciFeatures.Parse(document, new Version(5, 11)).RecursiveReadOnlyMounts);
        Assert.True(OciFeatures.Parse(document, new Version(5, 12)).RecursiveReadOnlyMounts);
        Assert.False(OciFeatures.Parse(document, null).RecursiveReadOnlyMounts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown command features")]
    [InlineData("{\"mountOptions\": ")]
    [InlineData("[\"rro\"]")]
    [InlineData("{\"mountOptions\": \"rro\", \"linux\": {\"namespaces\": [1, null], \"mountExtensions\": {\"idmap\": {\"enabled\": \"yes\"}}}}")]
    public void Missing_malformed_or_mistyped_documents_turn_every_feature_off(string? document)
    {
        var features = OciFeatures.Parse(document, Kernel618);

        Assert.False(features.RecursiveReadOnlyMounts);
        Assert.False(features.UserNamespaces);
        Assert.False(features.IdmapMounts);
    }

    [Theory]
    [InlineData("6.18.44-fc-v782", 6, 18)]
    [InlineData("6.1.0-18-amd64", 6, 1)]
    [InlineData("5.12", 5, 12)]
    [InlineData("4.19.0+", 4, 19)]
    public void Kernel_releases_give_their_major_and_minor(string release, int major, int minor) =>
        Assert.Equal(new Version(major, minor), OciFeatures.KernelVersion(release));

    [Theory]
    [InlineData("")]
    [InlineData("six.one")]
    [InlineData("6")]
    public void Unreadable_kernel_releases_give_null(string release) => Assert.Null(OciFeatures.KernelVersion(release));

    private static string Recorded(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Runtime", "Features", name));
}
