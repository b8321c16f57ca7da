using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.Integration.Tests.Pods;
using CriRuntime.Integration.Tests.Shim;
using CriRuntime.Linux.Namespaces;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>
/// The daemon's root and a pod's log directory on small tmpfs mounts (40 MiB, 1 MiB): a full log disk drops output
/// without stopping the container, a pull that fills the root is ResourceExhausted and leaves nothing of the image,
/// and the daemon keeps serving (root only).
/// </summary>
[Collection(ImageCollection.Name)]
public sealed class DiskFullTests(TestImages images) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-diskfull-").FullName;
    private DaemonProcess? _daemon;

    private string Root => Path.Combine(_dir, "root");

    private string Logs => Path.Combine(_dir, "logs");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Logs);
        Commands.Check("mount", "-t", "tmpfs", "-o", "size=40m", "criruntime-diskfull", Root);
        Commands.Check("mount", "-t", "tmpfs", "-o", "size=1m", "criruntime-diskfull", Logs);
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
    }

    public async Task DisposeAsync()
    {
        if (_daemon is { HasExited: false } daemon)
        {
            foreach (var pod in (await daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
            {
                await daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            }
        }

        foreach (var mount in MountTable.Under(_dir).OrderByDescending(m => m.Length))
        {
            Commands.Run("umount", ["-l", mount]);
        }

        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_full_log_disk_drops_output_but_the_container_runs_to_its_end()
    {
        var daemon = _daemon!;
        var image = $"{images.Host}/test/busybox:1.0";
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } });
        var podConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "chatty", Namespace = "diskfull-it", Uid = Guid.NewGuid().ToString("N") },
            LogDirectory = Logs,
            Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
        };
        var pod = (await daemon.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "chatty" },
            Image = new ImageSpec { Image = image },
            LogPath = "chatty.log",
            Command = { "/bin/sh", "-c", "i=0; while [ $i -lt 40000 ]; do echo line-$i-padding-padding-padding-padding; i=$((i+1)); done; echo done >&2" },
        };
        var id = (await daemon.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await daemon.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        Runtime.V1.ContainerStatus status;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        do
        {
            await Task.Delay(200);
            status = (await daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
        }
        while (status.State != ContainerState.ContainerExited && DateTime.UtcNow < deadline);

        Assert.Equal(ContainerState.ContainerExited, status.State);
        Assert.Equal(0, status.ExitCode);
        Assert.True(new FileInfo(Path.Combine(Logs, "chatty.log")).Length <= 1024 * 1024);
        Assert.Equal("criruntime", (await daemon.Runtime.VersionAsync(new VersionRequest())).RuntimeName);
    }

    [Fact]
    public async Task A_pull_that_fills_the_disk_is_ResourceExhausted_and_leaves_the_store_usable()
    {
        var daemon = _daemon!;
        // 64 MiB of zeros: a small gzip blob that unpacks to more than the 40 MiB root holds.
        using (var push = new RegistryPusher(images.Registry.BaseUri))
        {
            await push.PushImageAsync("diskfull/huge", new ImageBuilder().Layer(new LayerBuilder().File("huge", new byte[64 << 20]).Build()), "1.0");
        }

        var huge = $"{images.Host}/diskfull/huge:1.0";
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = huge } }));

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
        Assert.Contains("no space left", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(Root, failure.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain((await daemon.Images.ListImagesAsync(new ListImagesRequest())).Images, i => i.RepoTags.Contains(huge));
        // What the failed pull wrote is gone: another image still fits, and is listed and usable.
        var small = $"{images.Host}/test/busybox:1.0";
        await daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = small } });
        Assert.Contains((await daemon.Images.ListImagesAsync(new ListImagesRequest())).Images, i => i.RepoTags.Contains(small));
        Assert.NotNull((await daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = small } })).Image);
        Assert.Equal("criruntime", (await daemon.Runtime.VersionAsync(new VersionRequest())).RuntimeName);
    }
}
