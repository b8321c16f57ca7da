namespace CriRuntime.Conformance.Running;

/// <summary>
/// Specs a peer runtime is known to fail, each with the reason. When the endpoint names itself as that peer
/// (Version.runtime_name), such a spec is reported as a skip with the reason instead of a failure.
/// </summary>
internal static class KnownPeerGaps
{
    private static readonly Dictionary<(string Runtime, string Spec), string> Gaps = new()
    {
        [("containerd", "[runtime] RuntimeConfig reports the cgroup driver")] =
            "containerd 1.6 predates the RuntimeConfig RPC (Kubernetes 1.28) and answers Unimplemented",
    };

    public static string? Reason(string runtimeName, string specFullName) =>
        Gaps.TryGetValue((runtimeName, specFullName), out var why) ? $"known gap of {runtimeName}: {why}" : null;
}
