using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Linux.Namespaces;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>Image volumes (CRI Mount.image, image_sub_path) through the real daemon and runc.</summary>
public sealed partial class DaemonPodTests
{
    [Fact]
    public async Task An_image_volume_is_read_inside_the_container_kept_while_mounted_and_torn_down_after_a_restart()
    {
        var data = await PushAndPullAsync("pods/data", new ImageBuilder()
            .Layer(new LayerBuilder()
                .Directory("data").File("data/hello", "hello from the image\n")
                .Directory("etc").File("etc/marker", "image etc\n")
                .Symlink("up", "../../../../etc")
                .Symlink("abs", "/data")
                .Build())
            .Layer(new LayerBuilder().Directory("data").File("data/second", "second layer\n").Build()));
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("imagevolume");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;

        var config = ContainerConfig("reader", "/bin/sleep", "3600");
        config.Mounts.Add(new Mount { ContainerPath = "/vol", Image = new ImageSpec { Image = data } });
        config.Mounts.Add(new Mount { ContainerPath = "/sub", Image = new ImageSpec { Image = data }, ImageSubPath = "abs" });
        config.Mounts.Add(new Mount { ContainerPath = "/up", Image = new ImageSpec { Image = data }, ImageSubPath = "up" });
        config.Mounts.Add(new Mount { ContainerPath = "/busybox", Image = new ImageSpec { Image = _image } });
        var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig })).ContainerId;
        await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });

        var exec = await runtime.ExecSyncAsync(new ExecSyncRequest
        {
            ContainerId = id,
            Cmd = { "/bin/sh", "-c", "cat /vol/data/hello /sub/second /up/marker; ls /busybox/bin/busybox; touch /vol/x /busybox/x 2>&1; grep -c ' /vol ro,' /proc/self/mountinfo" },
            Timeout = 10,
        });
        var output = exec.Stdout.ToStringUtf8();
        Assert.Contains("hello from the image\nsecond layer\nimage etc\n/busybox/bin/busybox\n", output, StringComparison.Ordinal);
        Assert.Contains("touch: /vol/x: Read-only file system", output, StringComparison.Ordinal);
        Assert.Contains("touch: /busybox/x: Read-only file system", output, StringComparison.Ordinal);
        Assert.EndsWith("1\n", output, StringComparison.Ordinal);
        var mounts = (await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status.Mounts.ToDictionary(m => m.ContainerPath);
        Assert.StartsWith($"{_registry.Host}/pods/data@sha256:", mounts["/sub"].Image.ImageRef, StringComparison.Ordinal);
        Assert.Equal(data, mounts["/sub"].Image.Image);
        Assert.Equal("abs", mounts["/sub"].ImageSubPath);

        var inUse = await Assert.ThrowsAsync<RpcException>(async () => await _daemon.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = data } }));
        Assert.Equal(StatusCode.FailedPrecondition, inUse.StatusCode);
        Assert.Contains(id, inUse.Status.Detail, StringComparison.Ordinal);

        _daemon.Signal(9);
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
        runtime = _daemon.Runtime;
        var volumes = Path.Combine(_dir, "state", "imagevolumes", id);
        Assert.NotEmpty(MountTable.Under(volumes));
        var stillInUse = await Assert.ThrowsAsync<RpcException>(async () => await _daemon.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = data } }));
        Assert.Equal(StatusCode.FailedPrecondition, stillInUse.StatusCode);

        await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id });
        Assert.Empty(MountTable.Under(volumes));
        Assert.False(Directory.Exists(volumes));
        await _daemon.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = data } });
        Assert.Null((await _daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = data } })).Image);
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }

    [Theory]
    [InlineData("", "../etc", StatusCode.InvalidArgument, "mount \"/vol\" image_sub_path \"../etc\" must be a relative path without \"..\"")]
    [InlineData("", "/etc", StatusCode.InvalidArgument, "image_sub_path \"/etc\" must be a relative path")]
    [InlineData("", "bin/busybox", StatusCode.InvalidArgument, "mount \"/vol\": image_sub_path \"bin/busybox\" is not a directory")]
    [InlineData("", "no/such/dir", StatusCode.NotFound, "mount \"/vol\": image_sub_path \"no/such/dir\" does not exist")]
    [InlineData("127.0.0.1:1/never/pulled:1.0", "", StatusCode.NotFound, "image \"127.0.0.1:1/never/pulled:1.0\" not found")]
    public async Task Image_volume_escapes_files_and_missing_images_are_refused_naming_them_and_leave_nothing(string image, string subPath, StatusCode code, string message)
    {
        var runtime = _daemon.Runtime;
        var podConfig = PodConfig("imagevolume-bad");
        var pod = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        var config = ContainerConfig("bad", "/bin/true");
        config.Mounts.Add(new Mount { ContainerPath = "/vol", Image = new ImageSpec { Image = image.Length > 0 ? image : _image }, ImageSubPath = subPath });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { PodSandboxId = pod } })).Containers);
        var volumes = Path.Combine(_dir, "state", "imagevolumes");
        Assert.True(!Directory.Exists(volumes) || !Directory.EnumerateFileSystemEntries(volumes).Any());
        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });
    }

    /// <summary>Pushes an image to the test registry and pulls it through the daemon; returns its reference.</summary>
    private async Task<string> PushAndPullAsync(string repository, ImageBuilder image)
    {
        using (var push = new RegistryPusher(_registry.BaseUri))
        {
            await push.PushImageAsync(repository, image, "1.0");
        }

        var reference = $"{_registry.Host}/{repository}:1.0";
        await _daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = reference } });
        return reference;
    }
}
