using System.Diagnostics;
using System.Text.RegularExpressions;
using CriRuntime.Conformance.Running;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>
/// Pods in user namespaces (CRI <c>userns_options</c> mode POD, KEP-127 as kubelet sends it): the id maps seen from
/// inside, root writing its root filesystem and an id-mapped volume, and the container's process running as the
/// mapped host id. Runs where the default handler advertises <c>RuntimeHandlerFeatures.user_namespaces</c>; where it
/// does not, such a pod must be refused instead.
/// </summary>
internal static class UserNamespaceSpecs
{
    /// <summary>Away from the ids critest maps (1000), the integration tests' range and any account on the node.</summary>
    private static readonly IDMapping Mapping = new() { ContainerId = 0, HostId = 400000, Length = 65536 };

    public static IEnumerable<Spec> All()
    {
        yield return new Spec("userns", "a pod in its own user namespace maps root to its host range, in its rootfs and an id-mapped volume", async ctx =>
        {
            if (!await DefaultHandlerSupportsAsync(ctx))
            {
                throw new SpecSkipped("the default runtime handler does not advertise user_namespaces");
            }

            var pod = await Pods.RunAsync(ctx, "userns", podNetwork: true, c => c.Linux.SecurityContext.NamespaceOptions.UsernsOptions = PodUserNamespace());
            var volume = Directory.CreateTempSubdirectory("cri-conformance-userns-").FullName;
            ctx.Defer(() =>
            {
                Directory.Delete(volume, recursive: true);
                return Task.CompletedTask;
            });
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, c =>
            {
                // As kubelet sends it: the container repeats its pod's namespace options.
                c.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = pod.Config.Linux.SecurityContext.NamespaceOptions.Clone() } };
                c.Mounts.Add(new Mount { ContainerPath = "/vol", HostPath = volume, UidMappings = { Mapping }, GidMappings = { Mapping } });
            }, "sh", "-c", Pods.Sleeper);

            foreach (var map in new[] { "uid_map", "gid_map" })
            {
                var fields = Fields(await ExecAsync(ctx, id, "cat /proc/self/" + map));
                Check.Equal("0 400000 65536", string.Join(' ', fields), "/proc/self/" + map);
            }

            Check.Equal("0:0", await ExecAsync(ctx, id, "echo $(id -u):$(id -g)"), "id inside the container");
            Check.Equal("0:0 0:0", string.Join(' ', Fields(await ExecAsync(ctx, id, "echo hi > /written && echo v > /vol/file && stat -c %u:%g /written /vol/file"))), "owner of files root wrote in the rootfs and the volume, seen inside");

            // On the node: the volume keeps the node's ids (the mount maps them) and the process runs as the mapped id.
            Check.Equal("0:0", await NodeOwnerAsync(Path.Combine(volume, "file")), "owner of the volume's file on the node");
            var pid = await Pods.PidAsync(ctx, id);
            var uid = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Check.Equal("400000 400000 400000 400000", string.Join(' ', Fields(uid).Skip(1)), $"/proc/{pid}/status Uid on the node");

            var reported = (await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id })).Status.Linux?.Namespaces?.Options?.UsernsOptions;
            Check.Equal(PodUserNamespace(), reported, "PodSandboxStatus userns_options");
        });

        yield return new Spec("userns", "a handler without user_namespaces refuses a pod in a user namespace", async ctx =>
        {
            if (await DefaultHandlerSupportsAsync(ctx))
            {
                throw new SpecSkipped("the default runtime handler advertises user_namespaces");
            }

            var error = await Check.Fails(StatusCode.FailedPrecondition, () => Pods.RunAsync(ctx, "userns-refused", podNetwork: true, c => c.Linux.SecurityContext.NamespaceOptions.UsernsOptions = PodUserNamespace()), "RunPodSandbox");
            Check.Contains("userns_options", error.Status.Detail, "the refusal");
        });
    }

    private static UserNamespace PodUserNamespace() => new() { Mode = NamespaceMode.Pod, Uids = { Mapping }, Gids = { Mapping } };

    /// <summary>The default handler's entry in Status (reported under the empty name, as pods without a RuntimeClass ask).</summary>
    private static async Task<bool> DefaultHandlerSupportsAsync(SpecContext ctx)
    {
        var status = await ctx.Runtime.StatusAsync(new StatusRequest());
        return status.RuntimeHandlers.SingleOrDefault(h => h.Name.Length == 0)?.Features?.UserNamespaces == true;
    }

    private static async Task<string> ExecAsync(SpecContext ctx, string id, string script)
    {
        var result = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", script }, Timeout = 30 });
        Check.Equal(0, result.ExitCode, $"exit code of \"{script}\" ({result.Stderr.ToStringUtf8().Trim()})");
        return result.Stdout.ToStringUtf8().Trim();
    }

    private static string[] Fields(string text) => Regex.Split(text.Trim(), @"\s+");

    private static async Task<string> NodeOwnerAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return output.Trim();
    }
}
