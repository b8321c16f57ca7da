using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// UpdatePodSandboxResources (in-place pod resize): records the pod's new overhead and pod-level resources. The
    /// pod cgroup (<c>cgroup_parent</c>) belongs to kubelet, which resizes it itself before or after this call, and
    /// each container is resized by UpdateContainerResources; as containerd does, the runtime keeps the values.
    /// NotFound for an unknown sandbox, FailedPrecondition for one removed meanwhile.
    /// </summary>
    public async Task UpdateResourcesAsync(string id, ResourceLimits? overhead, ResourceLimits? resources, CancellationToken cancellationToken)
    {
        var entry = Require(id);
        using var timer = Time("update_resources", entry.Record.Handler);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            if (entry.Deleted)
            {
                throw CriException.FailedPrecondition($"sandbox {entry.Record.Id} was removed");
            }

            _sandboxes.Update(entry, r => r with { Overhead = overhead ?? r.Overhead, Resources = resources ?? r.Resources });
        }
        finally
        {
            entry.Lock.Release();
        }
    }
}
