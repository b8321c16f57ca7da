using CriRuntime.Conformance.Running;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>Version, Status and RuntimeConfig: what kubelet reads before anything else.</summary>
internal static class RuntimeInfoSpecs
{
    public static IEnumerable<Spec> All()
    {
        yield return new Spec("runtime", "Version names the runtime and CRI API v1", async ctx =>
        {
            var version = await ctx.Runtime.VersionAsync(new VersionRequest { Version = "0.1.0" });
            Check.That(version.RuntimeName.Length > 0, "runtime_name is empty");
            Check.That(version.RuntimeVersion.Length > 0, "runtime_version is empty");
            Check.Equal("v1", version.RuntimeApiVersion, "runtime_api_version");
        });

        yield return new Spec("runtime", "Status reports RuntimeReady and NetworkReady", async ctx =>
        {
            var status = await ctx.Runtime.StatusAsync(new StatusRequest());
            var types = status.Status.Conditions.Select(c => c.Type).ToList();
            Check.That(types.Contains("RuntimeReady"), $"no RuntimeReady condition among [{string.Join(", ", types)}]");
            Check.That(types.Contains("NetworkReady"), $"no NetworkReady condition among [{string.Join(", ", types)}]");
            var runtime = status.Status.Conditions.First(c => c.Type == "RuntimeReady");
            Check.That(runtime.Status, $"RuntimeReady is false: {runtime.Reason}: {runtime.Message}");
        });

        yield return new Spec("runtime", "verbose Status returns an info map", async ctx =>
        {
            // Values are free-form text (containerd puts plain strings there), so only presence is checked.
            var status = await ctx.Runtime.StatusAsync(new StatusRequest { Verbose = true });
            Check.That(status.Info.Count > 0, "info is empty with verbose set");
            var plain = await ctx.Runtime.StatusAsync(new StatusRequest());
            Check.That(plain.Info.Count == 0, "info is filled without verbose");
        });

        yield return new Spec("runtime", "RuntimeConfig reports the cgroup driver", async ctx =>
        {
            var config = await ctx.Runtime.RuntimeConfigAsync(new RuntimeConfigRequest());
            Check.That(config.Linux is not null, "linux is unset");
        });
    }
}
