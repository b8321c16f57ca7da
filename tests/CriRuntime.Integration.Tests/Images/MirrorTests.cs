using CriRuntime.Integration.Tests.Fixtures;
using Xunit;

namespace CriRuntime.Integration.Tests.Images;

[Collection(ImageCollection.Name)]
public sealed class MirrorTests(TestImages images)
{
    [Fact]
    public async Task Docker_hub_images_come_from_a_mirror_keeping_the_repository_path()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri);
        using var host = new ImageTestHost();
        host.WriteRegistryConfig("docker.io", $"[[mirror]]\nurl = \"http://{proxy.Host}\"\n");
        var image = await host.Images.PullAsync("busybox:1.0", null, default);
        Assert.Equal(["docker.io/library/busybox:1.0"], image.RepoTags);
        Assert.StartsWith("docker.io/library/busybox@sha256:", image.RepoDigests[0], StringComparison.Ordinal);
        Assert.Contains(proxy.Requests, r => r.StartsWith("GET /v2/library/busybox/manifests/1.0", StringComparison.Ordinal));
        Assert.Equal(image.Id, host.Images.Find("busybox:1.0")!.Id);
        Assert.Equal(image.Id, host.Images.Find("docker.io/library/busybox:1.0")!.Id);
    }

    [Fact]
    public async Task Mirrors_are_tried_in_order_then_the_upstream()
    {
        using var host = new ImageTestHost();
        var dead = $"127.0.0.1:{RegistryProcess.FreePort()}";
        host.WriteRegistryConfig("registry.example", $"""
            server = "http://{images.Host}"
            insecure = true

            [[mirror]]
            url = "http://{dead}"

            [[mirror]]
            url = "http://{dead}/nested"
            """);
        var image = await host.Images.PullAsync("registry.example/test/busybox:1.0", null, default);
        Assert.Equal(["registry.example/test/busybox:1.0"], image.RepoTags);
    }

    [Fact]
    public async Task A_mirror_may_rewrite_the_path_and_the_config_is_reread_at_each_pull()
    {
        using var host = new ImageTestHost();
        await Assert.ThrowsAsync<Core.Errors.CriException>(() => host.Images.PullAsync("registry.invalid/library/busybox:1.0", null, default));
        host.WriteRegistryConfig("registry.invalid", $"""
            [[mirror]]
            url = "http://{images.Host}"
            [[mirror.rewrite]]
            pattern = "^library/(.*)$"
            replace = "mirror-path/$1"
            """);
        var image = await host.Images.PullAsync("registry.invalid/library/busybox:1.0", null, default);
        Assert.Equal(images.BusyboxConfig, image.Id);
    }

    [Fact]
    public async Task A_tag_the_mirror_lacks_while_the_upstream_is_unreachable_is_NotFound_with_the_upstream_failure_as_detail()
    {
        using var host = new ImageTestHost();
        var dead = $"127.0.0.1:{RegistryProcess.FreePort()}";
        host.WriteRegistryConfig("registry.example", $"""
            server = "http://{dead}"
            insecure = true

            [[mirror]]
            url = "http://{images.Host}"
            """);
        var error = await Assert.ThrowsAsync<Core.Errors.CriException>(() => host.Images.PullAsync("registry.example/test/busybox:no-such-tag", null, default));
        Assert.Equal(Core.Errors.ErrorKind.NotFound, error.Kind);
        Assert.Contains($"mirror {images.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"upstream could not be asked: cannot reach registry {dead}", error.Message, StringComparison.Ordinal);
    }
}
