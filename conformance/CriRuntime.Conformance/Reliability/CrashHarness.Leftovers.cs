using Grpc.Net.Client;
using Runtime.V1;

namespace CriRuntime.Conformance.Reliability;

internal sealed partial class CrashHarness
{
    /// <summary>
    /// Removes every pod through the CRI, then counts what is left on the host: mounts and files under the daemon's
    /// directories, IP allocations, veths on the test bridge, cgroups of known containers and shim processes.
    /// </summary>
    private async Task<int> CleanUpAndCountLeftoversAsync(GrpcChannel channel)
    {
        var cri = new RuntimeService.RuntimeServiceClient(channel);
        foreach (var pod in (await cri.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
        {
            await cri.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
            await cri.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
        }

        var leftovers = new List<string>();
        var dir = options.Dir.TrimEnd('/');
        leftovers.AddRange(File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(dir + "/root", StringComparison.Ordinal) || m.StartsWith(dir + "/state", StringComparison.Ordinal)).Select(m => "mount " + m));
        foreach (var sub in new[] { "state/sandboxes", "state/containers", "root/containers", "root/metadata/sandboxes", "root/metadata/containers", "root/cni/results" })
        {
            var path = Path.Combine(dir, sub);
            if (Directory.Exists(path))
            {
                leftovers.AddRange(Directory.EnumerateFileSystemEntries(path).Select(e => "file " + e));
            }
        }

        var ipam = Path.Combine(dir, "ipam");
        if (Directory.Exists(ipam))
        {
            leftovers.AddRange(Directory.EnumerateFiles(ipam, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) is not ("lock" or "last_reserved_ip.0" or "last_reserved_ip.1"))
                .Select(f => "ip allocation " + f));
        }

        if (options.Bridge.Length > 0 && Directory.Exists($"/sys/class/net/{options.Bridge}/brif"))
        {
            leftovers.AddRange(Directory.EnumerateFileSystemEntries($"/sys/class/net/{options.Bridge}/brif").Select(v => "veth " + Path.GetFileName(v)));
        }

        var ids = _ledger.Ids.ToHashSet(StringComparer.Ordinal);
        foreach (var hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup").Where(h => new DirectoryInfo(h).LinkTarget is null))
        {
            var parent = Path.Combine(hierarchy, "criruntime");
            if (Directory.Exists(parent))
            {
                leftovers.AddRange(Directory.EnumerateDirectories(parent).Where(d => ids.Contains(Path.GetFileName(d))).Select(d => "cgroup " + d));
            }
        }

        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline"));
                if (cmdline.Contains("criruntime-shim", StringComparison.Ordinal) && cmdline.Contains(dir, StringComparison.Ordinal))
                {
                    leftovers.Add("shim process " + Path.GetFileName(proc));
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
        }

        _findings.AddRange(leftovers.Select(l => "leftover: " + l));
        return leftovers.Count;
    }
}
