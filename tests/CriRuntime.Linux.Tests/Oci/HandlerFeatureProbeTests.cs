using CriRuntime.Core.Configuration;
using CriRuntime.Linux.Files;
using CriRuntime.Linux.Oci;
using CriRuntime.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CriRuntime.Linux.Tests.Oci;

/// <summary>
/// A handler whose runtime has no <c>features</c> command (crun 1.8, Debian 12's) gets user namespaces from a probe
/// container created in one: stand-in runtimes answer <c>create</c> as crun does, from the bundle's config.json.
/// </summary>
public sealed class HandlerFeatureProbeTests : IDisposable
{
    // What every stand-in does first: no features command, and delete always works.
    private const string NoFeatures = """
        case "$3" in features) echo "unknown command features" >&2; exit 1 ;; delete) exit 0 ;; esac
        bundle=$5
        """;

    private readonly FixtureTree _tree = new("criruntime-feature-probe-");

    [Fact]
    public async Task A_runtime_without_features_that_creates_the_user_namespace_probe_has_the_user_namespace()
    {
        var features = await ProbeAsync("""
            grep -q '"type":"user"' "$bundle/config.json" && grep -q '"uidMappings":\[{' "$bundle/config.json" || exit 2
            echo "executable file \`/criruntime-handler-probe\` not found in \$PATH: No such file or directory" >&2; exit 1
            """);

        Assert.False(features.Probed);
        Assert.Contains("user", features.Namespaces);
        Assert.False(features.RecursiveReadOnlyMounts);
    }

    [Fact]
    public async Task A_runtime_without_features_that_refuses_user_namespaces_has_none()
    {
        var features = await ProbeAsync("""
            grep -q '"type":"user"' "$bundle/config.json" && { echo "unshare: Operation not permitted" >&2; exit 1; }
            echo "executable file \`/criruntime-handler-probe\` not found" >&2; exit 1
            """);

        Assert.DoesNotContain("user", features.Namespaces);
        Assert.False(features.UserNamespaces);
    }

    public void Dispose() => _tree.Dispose();

    private async Task<Core.Runtime.HandlerFeatures> ProbeAsync(string create)
    {
        var binary = _tree["crun-1.8"];
        await File.WriteAllTextAsync(binary, "#!/bin/sh\n" + NoFeatures + "\n" + create + "\n");
        File.SetUnixFileMode(binary, (UnixFileMode)0x1ed);
        var config = new DaemonConfig
        {
            Root = _tree["root"],
            State = _tree["state"],
            Runtime = new RuntimeSection { DefaultHandler = "crun", Handlers = new Dictionary<string, RuntimeHandlerConfig> { ["crun"] = new() { Path = binary } } },
        };
        var probe = new HandlerFeatureProbe(config, new OciRuntimeProvider(config, HostFiles.Instance, NullLogger<RuncRuntime>.Instance), NullLogger<HandlerFeatureProbe>.Instance, new HandlerProbe(config));
        await probe.ProbeAsync(CancellationToken.None);
        return probe.Get("crun");
    }
}
