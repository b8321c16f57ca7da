using CriRuntime.Core.Networking;

namespace CriRuntime.Core.Sandboxes;

/// <summary>Used when the daemon runs without pod networking: pods get their namespace and no address.</summary>
public sealed class NoPodNetwork : IPodNetwork
{
    public Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken ct) => Task.FromResult(PodNetworkStatus.None);

    public Task TearDownAsync(PodNetworkRequest request, CancellationToken ct) => Task.CompletedTask;

    public Task<bool> CheckAsync(PodNetworkRequest request, CancellationToken ct) => Task.FromResult(false);

    public PodNetworkStatus? CachedStatus(string sandboxId) => null;

    public ConditionStatus Readiness() => ConditionStatus.Ok;
}
