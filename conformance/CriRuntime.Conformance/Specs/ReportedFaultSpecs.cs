using CriRuntime.Conformance.Running;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>Behaviours users reported wrong (issue 13), checked where containerd behaves the same way.</summary>
internal static class ReportedFaultSpecs
{
    public static IEnumerable<Spec> All()
    {
        yield return new Spec("containers", "StopContainer of a created container keeps it created and startable", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "stop-created");
            var id = await Pods.CreateAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            await ctx.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 2 });
            var stopped = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerCreated, stopped.State, "state after stopping a created container");
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            var running = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
            Check.Equal(ContainerState.ContainerRunning, running.State, "state after starting it");
        });

        yield return new Spec("exec", "ExecSync returns when the command exits though a background child holds its output", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "exec-bg");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
            var result = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", "sleep 300 & echo started; exit 3" }, Timeout = 30 });
            Check.Equal("started\n", result.Stdout.ToStringUtf8(), "stdout");
            Check.Equal(3, result.ExitCode, "exit code");
        });

        yield return new Spec("containers", "a read-only root gets /etc/hosts, /etc/resolv.conf and /etc/hostname read-only", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "ro-files");
            await ctx.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = ctx.Fixtures.Busybox } });
            var config = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "ro" },
                Image = new ImageSpec { Image = ctx.Fixtures.Busybox },
                Command = { "sh", "-c", Pods.Sleeper },
                Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { ReadonlyRootfs = true } },
                Labels = { ["cri-conformance"] = ctx.RunId },
            };
            var id = (await ctx.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod.Id, Config = config, SandboxConfig = pod.Config })).ContainerId;
            ctx.Defer(async () => await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }));
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            foreach (var file in new[] { "/etc/hosts", "/etc/resolv.conf", "/etc/hostname" })
            {
                var write = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", $"test ! -e {file} || echo x >> {file}" }, Timeout = 10 });
                Check.That(write.ExitCode != 0 || (await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "test", "-e", file }, Timeout = 10 })).ExitCode != 0, $"{file} is writable in a read-only root");
            }
        });

        yield return new Spec("containers", "a bind mount whose host_path is missing gets the directory created", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "bind-missing");
            await ctx.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = ctx.Fixtures.Busybox } });
            var hostPath = Path.Combine(Path.GetTempPath(), $"cri-conformance-{ctx.RunId}-{Guid.NewGuid():N}", "sub");
            ctx.Defer(() =>
            {
                Directory.Delete(Path.GetDirectoryName(hostPath)!, recursive: true);
                return Task.CompletedTask;
            });
            var config = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "bind" },
                Image = new ImageSpec { Image = ctx.Fixtures.Busybox },
                Command = { "sh", "-c", Pods.Sleeper },
                Mounts = { new Mount { HostPath = hostPath, ContainerPath = "/data" } },
                Labels = { ["cri-conformance"] = ctx.RunId },
            };
            var id = (await ctx.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod.Id, Config = config, SandboxConfig = pod.Config })).ContainerId;
            ctx.Defer(async () => await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }));
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            Check.That(Directory.Exists(hostPath), $"{hostPath} was not created");
            var write = await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "sh", "-c", "echo hi > /data/f" }, Timeout = 10 });
            Check.Equal(0, write.ExitCode, "exit code of a write into the bind mount");
            Check.Equal("hi\n", await File.ReadAllTextAsync(Path.Combine(hostPath, "f")), "the file on the host");
        });
    }
}
