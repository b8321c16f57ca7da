using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>UpdateContainerResources: <c>runtime update</c> of a created or running container's cgroup limits.</summary>
    public async Task UpdateResourcesAsync(string id, ResourceLimits limits, CancellationToken cancellationToken)
    {
        var entry = Require(id);
        using var timer = Time("update_resources", entry.Record.Handler);
        limits = FitResources(limits, entry.Record.Name)!;
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDeleted(entry, id);
            var record = Refresh(entry);
            if (record.State is not (ContainerState.Created or ContainerState.Running))
            {
                throw CriException.FailedPrecondition($"container {record.Id} is {record.State.ToString().ToLowerInvariant()}");
            }

            var scratch = SpecOpts.Build(SpecOpts.WithResources(limits));
            var resources = scratch.Linux.Resources ?? new OciResources();
            try
            {
                await _runtimes.Get(record.Handler).UpdateAsync(record.Id, resources, cancellationToken);
            }
            catch (OciRuntimeException e)
            {
                throw new CriException(ErrorKind.Internal, $"updating resources of container {record.Id}: {e.Message}", e);
            }

            _containers.Update(entry, r => r with { Resources = limits });
        }
        finally
        {
            entry.Lock.Release();
        }
    }
}
