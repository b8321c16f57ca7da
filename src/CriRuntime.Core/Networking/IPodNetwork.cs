namespace CriRuntime.Core.Networking;

/// <summary>
/// Gives a pod sandbox its network and takes it away again. The sandbox code pins the network namespace to a file,
/// calls <see cref="SetUpAsync"/> during RunPodSandbox and <see cref="TearDownAsync"/> in StopPodSandbox.
/// Host-network pods never call either: they have no namespace of their own to configure.
/// </summary>
public interface IPodNetwork
{
    /// <summary>
    /// Attaches the namespace to the default network (CNI ADD of the whole plugin chain). On failure nothing stays
    /// allocated: the chain is deleted again before the error is thrown, so the caller only has to drop the netns.
    /// Errors are <see cref="Errors.CriException"/>s: FailedPrecondition when no network is configured,
    /// DeadlineExceeded when a plugin hung, Internal with the plugin's error code and message otherwise.
    /// </summary>
    Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken ct);

    /// <summary>
    /// Detaches the sandbox (CNI DEL, plugins in reverse order) with the configuration and result cached at ADD, so it
    /// works after a daemon restart or a configuration change. Idempotent: a sandbox that has no network, was already
    /// torn down, or whose ADD failed half-way succeeds. The netns file may already be gone.
    /// </summary>
    Task TearDownAsync(PodNetworkRequest request, CancellationToken ct);

    /// <summary>
    /// CNI CHECK of the attachment against its cached result (spec 0.4.0 and later, unless the list disables it).
    /// Returns false with nothing run when the sandbox has no cached attachment or the version has no CHECK.
    /// </summary>
    Task<bool> CheckAsync(PodNetworkRequest request, CancellationToken ct);

    /// <summary>The cached status of a set-up sandbox (for PodSandboxStatus after a restart), or null.</summary>
    PodNetworkStatus? CachedStatus(string sandboxId);

    /// <summary>The NetworkReady condition: whether a valid network configuration is loaded.</summary>
    ConditionStatus Readiness();
}
