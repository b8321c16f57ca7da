using CriRuntime.Core.Runtime;
using CriRuntime.Linux.Oci;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Linux.Tests.Oci;

/// <summary>
/// <c>RUNTIME features</c> through <see cref="RuncRuntime.FeaturesAsync"/>: a stand-in binary prints a recorded
/// document (this host's runc 1.1.5, and a crun-shaped one), which <see cref="OciFeatures"/> then reads.
/// </summary>
public sealed class RuntimeFeaturesTests : IDisposable
{
    private static readonly Version Kernel = new(6, 1);
    private readonly FixtureTree _tree = new("criruntime-features-");

    [Fact]
    public async Task Runc_1_1_5_as_recorded_on_this_host_has_rro_and_no_idmapped_mounts()
    {
        var features = OciFeatures.Parse(await FeaturesOf("runc-1.1.5.json"), Kernel);

        Assert.True(features.Probed);
        Assert.True(features.RecursiveReadOnlyMounts);
        Assert.False(features.IdmapMounts);
        Assert.Contains("user", features.Namespaces);
    }

    [Fact]
    public async Task A_crun_shaped_document_has_idmapped_mounts_and_no_time_namespace()
    {
        var features = OciFeatures.Parse(await FeaturesOf("crun-shaped.json"), Kernel);

        Assert.True(features.Probed);
        Assert.True(features.IdmapMounts && features.RecursiveReadOnlyMounts);
        Assert.DoesNotContain("time", features.Namespaces);
        Assert.True((features with { HostIdmapMounts = true }).UserNamespaces);
    }

    [Theory]
    [InlineData("echo 'unknown command features' >&2; exit 1")]
    [InlineData("echo 'Usage: runc [global options] command'; exit 0")]
    public async Task A_runtime_without_a_features_command_gives_no_document(string script)
    {
        var runtime = Runtime(script);

        Assert.Null(await runtime.FeaturesAsync(CancellationToken.None));
        Assert.False(OciFeatures.Parse(null, Kernel).Probed);
    }

    public void Dispose() => _tree.Dispose();

    private async Task<string?> FeaturesOf(string recorded)
    {
        var document = Path.Combine(AppContext.BaseDirectory, "Features", recorded);
        var runtime = Runtime($"[ \"$1 $3\" = '--root features' ] || exit 3; cat '{document}'");
        return await runtime.FeaturesAsync(CancellationToken.None);
    }

    private RuncRuntime Runtime(string script)
    {
        var binary = _tree["runtime"];
        File.WriteAllText(binary, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(binary, (UnixFileMode)0x1ed);
        return new RuncRuntime("test", binary, _tree["root"], systemdCgroup: false);
    }
}
