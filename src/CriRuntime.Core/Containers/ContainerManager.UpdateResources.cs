using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// UpdateContainerResources: <c>runtime update</c> of a running (or started) container's cgroup limits; for a
    /// created one, its bundle's spec.
    /// </summary>
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
                if (IsLaunched(record))
                {
                    await _runtimes.Get(record.Handler).UpdateAsync(record.Id, resources, cancellationToken);
                }
                else
                {
                    // Not in the OCI runtime before StartContainer: the spec it will be created with gets the limits.
                    await UpdateSpecResourcesAsync(record.Id, limits, cancellationToken);
                }
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

    private async Task UpdateSpecResourcesAsync(string id, ResourceLimits limits, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_paths.Bundle(id), "config.json");
        var spec = JsonSerializer.Deserialize(await _files.ReadAllBytesAsync(path, cancellationToken), OciSpecJsonContext.Default.OciSpec)
            ?? throw new IOException($"{path} holds no spec");
        SpecOpts.WithResources(limits, _security.OomScoreAdj)(spec);
        await _files.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(spec, OciSpecJsonContext.Default.OciSpec), cancellationToken);
    }
}
