using CriRuntime.Integration.Tests.Fixtures;
using Grpc.Core;
using Xunit;
using V1 = global::Runtime.V1;

namespace CriRuntime.Integration.Tests.Images;

/// <summary>The gRPC adapter over a real pull: the Kubernetes 1.36 semantics crictl and kubelet rely on.</summary>
[Collection(ImageCollection.Name)]
public sealed class ImageServiceTests(TestImages images)
{
    [Fact]
    public async Task Pull_status_list_remove_and_fs_info_agree()
    {
        using var host = new ImageTestHost();
        var service = new Server.Cri.ImageService(host.Images);
        var context = new TestCallContext();
        var spec = new V1.ImageSpec { Image = $"{images.Host}/test/busybox:2.0" };

        var emptyFs = await service.ImageFsInfo(new V1.ImageFsInfoRequest(), context);
        var missing = await service.ImageStatus(new V1.ImageStatusRequest { Image = spec }, context);
        Assert.Null(missing.Image);

        var pulled = await service.PullImage(new V1.PullImageRequest { Image = spec }, context);
        var again = await service.PullImage(new V1.PullImageRequest { Image = spec }, context);
        Assert.Equal(pulled.ImageRef, again.ImageRef);

        var status = await service.ImageStatus(new V1.ImageStatusRequest { Image = spec, Verbose = true }, context);
        Assert.Equal(pulled.ImageRef, status.Image.Id);
        Assert.Equal(pulled.ImageRef, status.Image.Spec.Image);
        Assert.Equal([$"{images.Host}/test/busybox:2.0"], status.Image.RepoTags);
        Assert.Single(status.Image.RepoDigests);
        Assert.True(status.Image.Size > 0);
        Assert.Contains("\"layers\"", status.Info["info"], StringComparison.Ordinal);
        Assert.Contains("\"imageSpec\"", status.Info["info"], StringComparison.Ordinal);

        var byId = await service.ImageStatus(new V1.ImageStatusRequest { Image = new V1.ImageSpec { Image = pulled.ImageRef } }, context);
        Assert.Equal(pulled.ImageRef, byId.Image.Id);
        var list = await service.ListImages(new V1.ListImagesRequest(), context);
        Assert.Equal(pulled.ImageRef, Assert.Single(list.Images).Id);
        var filtered = await service.ListImages(new V1.ListImagesRequest { Filter = new V1.ImageFilter { Image = new V1.ImageSpec { Image = "nothing:here" } } }, context);
        Assert.Empty(filtered.Images);

        var fs = await service.ImageFsInfo(new V1.ImageFsInfoRequest(), context);
        var usage = Assert.Single(fs.ImageFilesystems);
        Assert.Equal(host.Snapshots.Root, usage.FsId.Mountpoint);
        Assert.True(usage.UsedBytes.Value > emptyFs.ImageFilesystems[0].UsedBytes.Value);
        Assert.True(usage.InodesUsed.Value > 5);
        Assert.True(usage.Timestamp > 0);

        await service.RemoveImage(new V1.RemoveImageRequest { Image = new V1.ImageSpec { Image = pulled.ImageRef } }, context);
        await service.RemoveImage(new V1.RemoveImageRequest { Image = new V1.ImageSpec { Image = pulled.ImageRef } }, context);
        Assert.Empty((await service.ListImages(new V1.ListImagesRequest(), context)).Images);
        Assert.Null((await service.ImageStatus(new V1.ImageStatusRequest { Image = spec }, context)).Image);
        var afterRemove = await service.ImageFsInfo(new V1.ImageFsInfoRequest(), context);
        Assert.Equal(0UL, afterRemove.ImageFilesystems[0].UsedBytes.Value);
    }

    [Fact]
    public async Task Pull_with_auth_config()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { RequireToken = true, TokenCredentials = ("dave", "pw") };
        using var host = new ImageTestHost();
        var service = new Server.Cri.ImageService(host.Images);
        var response = await service.PullImage(
            new V1.PullImageRequest
            {
                Image = new V1.ImageSpec { Image = $"{proxy.Host}/test/busybox:1.0" },
                Auth = new V1.AuthConfig { Username = "dave", Password = "pw", ServerAddress = proxy.Host },
            },
            new TestCallContext());
        Assert.Equal(images.BusyboxConfig, response.ImageRef);
    }

    private sealed class TestCallContext : ServerCallContext
    {
        protected override string MethodCore => "test";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "test";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore { get; } = new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
