using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// CNI_ARGS as Kubernetes runtimes pass it: <c>IgnoreUnknown=1;K8S_POD_NAMESPACE=..;K8S_POD_NAME=..;
/// K8S_POD_INFRA_CONTAINER_ID=..;K8S_POD_UID=..</c>. IgnoreUnknown lets plugins that do not know the K8S_ keys accept them.
/// </summary>
public static class CniArgs
{
    public static IReadOnlyList<KeyValuePair<string, string>> ForPod(PodNetworkRequest request) =>
    [
        new("IgnoreUnknown", "1"),
        new("K8S_POD_NAMESPACE", request.PodNamespace),
        new("K8S_POD_NAME", request.PodName),
        new("K8S_POD_INFRA_CONTAINER_ID", request.SandboxId),
        new("K8S_POD_UID", request.PodUid),
    ];

    /// <summary>Joins the pairs; a key or value holding '=' or ';' would change the meaning, so it is refused.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> args)
    {
        var parts = new List<string>();
        foreach (var (key, value) in args)
        {
            if (key.Length == 0 || key.AsSpan().IndexOfAny("=;") >= 0 || value.AsSpan().IndexOfAny("=;") >= 0)
            {
                throw CriException.InvalidArgument($"CNI argument {key}={value} may not contain '=' or ';'");
            }

            parts.Add($"{key}={value}");
        }

        return string.Join(';', parts);
    }
}
