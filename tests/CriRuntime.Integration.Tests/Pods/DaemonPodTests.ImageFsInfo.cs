using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>ImageFsInfo's container_filesystems: the containers' writable layers, measured by the stats walker.</summary>
public sealed partial class DaemonPodTests
{
    [Fact]
    public async Task ImageFsInfo_reports_the_writable_layers_as_the_container_filesystem_with_what_a_container_wrote()
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("fsinfo");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = ContainerConfig("writer", "/bin/sh", "-c", "dd if=/dev/zero of=/big bs=1M count=3 2>/dev/null && touch /ready && sleep 3600");
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
        var upper = Path.Combine(_dir, "root", "containers", id, "upper");
        await Fixtures.Wait.Until(() => File.Exists(Path.Combine(upper, "ready")), "the container wrote its file");

        var info = await _daemon.Images.ImageFsInfoAsync(new ImageFsInfoRequest());
        var containers = Assert.Single(info.ContainerFilesystems);
        var images = Assert.Single(info.ImageFilesystems);
        Assert.Equal(Path.Combine(_dir, "root", "containers"), containers.FsId.Mountpoint);
        Assert.NotEqual(containers.FsId.Mountpoint, images.FsId.Mountpoint);
        Assert.True(containers.Timestamp > 0);

        // The first call starts the walk of the new layer and answers with what was known; a later one sees it.
        await Fixtures.Wait.Until(
            async () => (await _daemon.Images.ImageFsInfoAsync(new ImageFsInfoRequest())).ContainerFilesystems[0].UsedBytes.Value >= 3 * 1024 * 1024,
            "container_filesystems counts the 3 MiB the container wrote");
        var measured = (await _daemon.Images.ImageFsInfoAsync(new ImageFsInfoRequest())).ContainerFilesystems[0];
        Assert.True(measured.InodesUsed.Value >= 3, $"inodes {measured.InodesUsed.Value}");
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }
}
