namespace CriRuntime.Conformance.Running;

/// <summary>
/// Specs a peer runtime is known to fail, each with the reason. When the endpoint names itself as that peer
/// (Version.runtime_name), such a spec is reported as a skip with the reason instead of a failure.
/// </summary>
internal static class KnownPeerGaps
{
    private static readonly Dictionary<(string Runtime, string Spec), string> Gaps = new()
    {
        [("containerd", "[streaming] exec -it runs the command on a terminal of the requested size")] =
            "with containerd 1.6 here the exec'd process's stdout is a terminal but `stty size` fails (\"stty: standard input\"), also on /dev/tty",
        [("containerd", "[runtime] RuntimeConfig reports the cgroup driver")] =
            "containerd 1.6 predates the RuntimeConfig RPC (Kubernetes 1.28) and answers Unimplemented",
        [("containerd", "[images] ListImages filters by image")] =
            "containerd 1.6's CRI plugin ignores ListImagesRequest.filter and lists every image (crictl filters on its side)",
        [("containerd", "[images] ImageFsInfo reports the image filesystem")] =
            "containerd 1.6 measures snapshot usage on a 10-second timer, so right after a pull on a fresh daemon it reports 0 bytes",
        [("containerd", "[resources] a cpu_quota below the kernel's 1 ms minimum is InvalidArgument naming the field")] =
            "containerd 1.6 checks no limits and its CreateContainer only records the container: runc's error comes at StartContainer",
        [("containerd", "[resources] a cpuset naming CPUs the host does not have is InvalidArgument naming the field")] =
            "containerd 1.6 checks no limits and answered OK to an update naming CPU 4095 on a two-CPU host",
        [("containerd", "[exec] ExecSync returns when the command exits though a background child holds its output")] =
            "containerd 1.6 waits until the output pipes close, which a background child holds, past the exec timeout (1.7 added drain_exec_sync_io_timeout)",
        [("containerd", "[stats] ListMetricDescriptors and ListPodSandboxMetrics use cAdvisor's names and labels")] =
            "containerd 1.6 predates ListMetricDescriptors and ListPodSandboxMetrics (Kubernetes 1.29) and answers Unimplemented",
    };

    public static string? Reason(string runtimeName, string specFullName) =>
        Gaps.TryGetValue((runtimeName, specFullName), out var why) ? $"known gap of {runtimeName}: {why}" : null;
}
