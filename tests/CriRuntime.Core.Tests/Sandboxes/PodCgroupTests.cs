using CriRuntime.Core.Errors;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Tests.Containers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CriRuntime.Core.Tests.Sandboxes;

/// <summary>Pod-level resources and overhead reach the pod cgroup on RunPodSandbox and UpdatePodSandboxResources.</summary>
public sealed class PodCgroupTests : IDisposable
{
    private readonly FakeHost _host = new();
    private readonly RecordingPodCgroups _cgroups = new();
    private readonly SandboxManager _sandboxes;

    public PodCgroupTests() =>
        _sandboxes = new SandboxManager(_host.SandboxStore, _host.Containers, _host.SandboxHost, _host.Network, new FakeRuntimes(_host.Runtime), _host.Paths, NullLogger<SandboxManager>.Instance, _host.Files, _host.Time, podCgroups: _cgroups);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Run_and_update_write_the_pod_cgroup_and_remove_deletes_the_one_it_made()
    {
        _cgroups.Make = true;
        var id = await _sandboxes.RunAsync(
            _host.Sandbox("p") with { CgroupParent = "/kubepods/podX", Resources = new ResourceLimits { CpuShares = 256, MemoryLimitInBytes = 1 << 20 } },
            default);

        var (parent, limits) = Assert.Single(_cgroups.Applied);
        Assert.Equal("/kubepods/podX", parent);
        Assert.Equal(256UL, limits.CpuShares);

        await _sandboxes.UpdateResourcesAsync(id, new ResourceLimits { MemoryLimitInBytes = 1 << 20 }, null, default);
        Assert.Equal(2 << 20, _cgroups.Applied[^1].Limits.MemoryLimitBytes);
        Assert.Equal(1 << 20, _sandboxes.Get(id).Overhead!.MemoryLimitInBytes);

        await _sandboxes.RemoveAsync(id, default);
        Assert.Equal(["/kubepods/podX"], _cgroups.Removed);
    }

    [Fact]
    public async Task A_refused_limit_fails_the_update_and_keeps_the_recorded_resources()
    {
        var resources = new ResourceLimits { MemoryLimitInBytes = 1 << 30 };
        var id = await _sandboxes.RunAsync(_host.Sandbox("p") with { CgroupParent = "/kubepods/podY", Resources = resources }, default);
        _cgroups.Refuse = true;

        var error = await Assert.ThrowsAsync<CriException>(() => _sandboxes.UpdateResourcesAsync(id, null, new ResourceLimits { MemoryLimitInBytes = 1 }, default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal(resources, _sandboxes.Get(id).Resources);
        await _sandboxes.RemoveAsync(id, default);
        Assert.Empty(_cgroups.Removed);
    }

    [Fact]
    public async Task Without_a_cgroup_parent_or_resources_nothing_is_written()
    {
        await _sandboxes.RunAsync(_host.Sandbox("a") with { Resources = new ResourceLimits { CpuShares = 2 } }, default);
        await _sandboxes.RunAsync(_host.Sandbox("b") with { CgroupParent = "/kubepods/podZ" }, default);

        Assert.Empty(_cgroups.Applied);
    }

    private sealed class RecordingPodCgroups : IPodCgroups
    {
        public List<(string Parent, PodCgroupLimits Limits)> Applied { get; } = [];

        public List<string> Removed { get; } = [];

        public bool Make { get; set; }

        public bool Refuse { get; set; }

        public bool Apply(string parent, bool systemd, PodCgroupLimits limits)
        {
            if (Refuse)
            {
                throw CriException.FailedPrecondition("pod cgroup: writing to memory.limit_in_bytes was refused");
            }

            Applied.Add((parent, limits));
            return Make;
        }

        public void RemoveIfEmpty(string parent) => Removed.Add(parent);
    }
}
