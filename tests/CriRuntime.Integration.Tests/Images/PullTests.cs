using System.Diagnostics;
using CriRuntime.Integration.Tests.Fixtures;
using CriRuntime.Linux.Interop;
using CriRuntime.Linux.Snapshots;
using Xunit;
using Xunit.Abstractions;

namespace CriRuntime.Integration.Tests.Images;

[Collection(ImageCollection.Name)]
public sealed class PullTests(TestImages images, ITestOutputHelper output)
{
    [Fact]
    public async Task Pulls_an_image_whose_ref_is_its_id_everywhere()
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/busybox:1.0", null, default);

        Assert.Equal(images.BusyboxConfig, image.Id);
        Assert.Equal([$"{images.Host}/test/busybox:1.0"], image.RepoTags);
        Assert.Equal([$"{images.Host}/test/busybox@{images.BusyboxManifest}"], image.RepoDigests);
        Assert.Same(image.Id, host.Images.List().Single().Id);
        Assert.Equal(image.Id, host.Images.Find($"{images.Host}/test/busybox:1.0")!.Id);
        Assert.Equal(image.Id, host.Images.Find(image.Id)!.Id);
        Assert.Equal(image.Id, host.Images.Find(image.Id[7..])!.Id);
        Assert.Equal(image.Id, host.Images.Find(image.Id[7..20])!.Id);
        Assert.Equal(image.Id, host.Images.Find($"{images.Host}/test/busybox@{images.BusyboxManifest}")!.Id);
        Assert.Null(host.Images.Find($"{images.Host}/test/busybox:2.0"));

        var fs = host.Snapshots.GetLayerPath(image.Layers[0].ChainId);
        Assert.True(File.Exists(Path.Combine(fs, "bin/busybox")));
        Assert.Equal(new FileInfo(Path.Combine(fs, "bin/busybox")).Length, new FileInfo(Path.Combine(fs, "bin/sh")).Length);
        Assert.Equal(UnixFileMode.StickyBit, File.GetUnixFileMode(Path.Combine(fs, "tmp")) & UnixFileMode.StickyBit);
        Assert.Empty(host.TemporaryFiles());
    }

    [Fact]
    public async Task A_second_pull_of_a_present_image_is_idempotent()
    {
        using var host = new ImageTestHost();
        var first = await host.Images.PullAsync($"{images.Host}/test/busybox:1.0", null, default);
        var second = await host.Images.PullAsync($"{images.Host}/test/busybox:1.0", null, default);
        var byLatest = await host.Images.PullAsync($"{images.Host}/test/busybox", null, default);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, byLatest.Id);
        var image = Assert.Single(host.Images.List());
        Assert.Equal([$"{images.Host}/test/busybox:1.0", $"{images.Host}/test/busybox:latest"], image.RepoTags);
    }

    [Fact]
    public async Task Records_survive_a_restart()
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/busybox:1.0", null, default);
        host.Open(TimeSpan.FromSeconds(10));
        Assert.Equal(image.Id, host.Images.Find($"{images.Host}/test/busybox:1.0")?.Id);
        Assert.True(host.Snapshots.Exists(image.Layers[0].ChainId));
    }

    [Fact]
    public async Task A_moved_tag_is_repointed_and_the_old_image_stays_untagged()
    {
        using var host = new ImageTestHost();
        using var push = new RegistryPusher(images.Registry.BaseUri);
        var repository = $"test/moving-{Guid.NewGuid():N}";
        await push.PushImageAsync(repository, new ImageBuilder().Layer(images.Base).Label("v", "1"), "v");
        var old = await host.Images.PullAsync($"{images.Host}/{repository}:v", null, default);
        await push.PushImageAsync(repository, new ImageBuilder().Layer(images.Base).Label("v", "2"), "v");
        var moved = await host.Images.PullAsync($"{images.Host}/{repository}:v", null, default);

        Assert.NotEqual(old.Id, moved.Id);
        var oldNow = host.Images.Find(old.Id)!;
        Assert.Empty(oldNow.RepoTags);
        Assert.Single(oldNow.RepoDigests);
        Assert.Equal([$"{images.Host}/{repository}:v"], host.Images.Find(moved.Id)!.RepoTags);
        Assert.Equal(moved.Id, host.Images.Find($"{images.Host}/{repository}:v")!.Id);

        Assert.True(host.Images.Remove(old.Id));
        Assert.False(host.Images.Remove(old.Id));
        Assert.True(host.Snapshots.Exists(moved.Layers[0].ChainId));
    }

    [Fact]
    public async Task Images_share_snapshots_and_removal_frees_only_what_is_unused()
    {
        using var host = new ImageTestHost();
        var a = await host.Images.PullAsync($"{images.Host}/test/shared-a", null, default);
        var b = await host.Images.PullAsync($"{images.Host}/test/shared-b", null, default);
        Assert.Equal(a.Layers[0].ChainId, b.Layers[0].ChainId);
        Assert.Equal(3, host.Snapshots.List().Count);
        var before = host.Images.GetFsUsage();

        host.Images.Remove($"{images.Host}/test/shared-a");
        Assert.Equal(2, host.Snapshots.List().Count);
        Assert.False(host.Snapshots.Exists(a.Layers[1].ChainId));
        Assert.True(host.Snapshots.Exists(a.Layers[0].ChainId));
        Assert.False(host.Content.Exists(CriRuntime.Core.Images.Digest.Parse(a.Id)));
        var after = host.Images.GetFsUsage();
        Assert.True(after.UsedBytes < before.UsedBytes);
        Assert.True(after.InodesUsed < before.InodesUsed);

        host.Images.Remove(b.Id);
        Assert.Empty(host.Snapshots.List());
        Assert.Empty(host.Content.List());
        Assert.Equal(0UL, host.Images.GetFsUsage().UsedBytes);
    }

    [Fact]
    public async Task A_leased_snapshot_outlives_its_image_until_released()
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/busybox:2.0", null, default);
        host.Images.HoldSnapshots("container1", image.Id);
        host.Images.Remove(image.Id);
        Assert.True(host.Snapshots.Exists(image.Layers[1].ChainId));
        host.Open(TimeSpan.FromSeconds(10));
        Assert.True(host.Snapshots.Exists(image.Layers[1].ChainId));
        host.Images.ReleaseSnapshots("container1");
        Assert.Empty(host.Snapshots.List());
    }

    [Fact]
    public async Task Picks_this_node_s_platform_from_an_index()
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/multi:latest", null, default);
        Assert.Equal(images.MultiAmd64Manifest, image.ManifestDigest);
        Assert.Equal([$"{images.Host}/test/multi@{images.MultiIndex}"], image.RepoDigests);
        Assert.Equal([images.MultiIndex], image.IndexDigests);
        var info = await host.Images.DescribeAsync(image, default);
        Assert.Contains(images.MultiAmd64Manifest, info, StringComparison.Ordinal);
        Assert.Contains("\"platform\":\"linux/amd64\"", info, StringComparison.Ordinal);

        var byDigest = await host.Images.PullAsync($"{images.Host}/test/multi@{images.MultiIndex}", null, default);
        Assert.Equal(image.Id, byDigest.Id);
        var byTagAndDigest = await host.Images.PullAsync($"{images.Host}/test/multi:whatever@{images.MultiIndex}", null, default);
        Assert.Equal(image.Id, byTagAndDigest.Id);
    }

    [Fact]
    public async Task Whiteouts_become_overlay_whiteouts_and_the_mount_shows_the_merged_tree()
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/whiteout", null, default);
        var upper = host.Snapshots.GetLayerPath(image.Layers[2].ChainId);
        Assert.Equal(Native.S_IFCHR >> 12, (uint)FileKindOf(Path.Combine(upper, "etc/a")));
        Assert.Equal("y"u8.ToArray(), Native.Lgetxattr(Path.Combine(upper, "dir"), "trusted.overlay.opaque"));
        Assert.False(File.Exists(Path.Combine(upper, "etc/.wh.a")));

        var container = Path.Combine(host.Root, "container");
        var rootfs = Path.Combine(container, "rootfs");
        OverlayMount.Mount(host.Images.GetLayerPaths(image), Path.Combine(container, "upper"), Path.Combine(container, "work"), rootfs);
        try
        {
            Assert.False(File.Exists(Path.Combine(rootfs, "etc/a")));
            Assert.True(File.Exists(Path.Combine(rootfs, "etc/keep")));
            Assert.Equal(["z"], Directory.EnumerateFileSystemEntries(Path.Combine(rootfs, "dir")).Select(Path.GetFileName));
            Assert.False(Directory.Exists(Path.Combine(rootfs, "gone")));
            Assert.True(File.Exists(Path.Combine(rootfs, "bin/busybox")));
            File.WriteAllText(Path.Combine(rootfs, "etc/new"), "written");
            Assert.True(File.Exists(Path.Combine(container, "upper/etc/new")));
        }
        finally
        {
            Assert.True(OverlayMount.Unmount(rootfs));
        }
    }

    [Theory]
    [InlineData("1002", 1002L, "")]
    [InlineData("1002-1002", 1002L, "")]
    [InlineData("www-data", null, "www-data")]
    public async Task Reports_the_image_user(string tag, long? uid, string username)
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/user:{tag}", null, default);
        var proto = Server.Cri.ImageService.ToProto(image);
        Assert.Equal(uid, proto.Uid?.Value);
        Assert.Equal(username, proto.Username);
    }

    [Fact]
    public async Task Pulls_large_gzip_zstd_and_plain_layers_in_parallel()
    {
        using var host = new ImageTestHost();
        var watch = Stopwatch.StartNew();
        var image = await host.Images.PullAsync($"{images.Host}/test/large", null, default);
        watch.Stop();
        output.WriteLine($"pulled {image.Size / (1 << 20)} MiB in {watch.Elapsed.TotalSeconds:0.00}s");
        Assert.Equal(4, image.Layers.Count);
        Assert.Equal(24L << 20, new FileInfo(Path.Combine(host.Snapshots.GetLayerPath(image.Layers[2].ChainId), "big2")).Length);
        Assert.Equal(16L << 20, new FileInfo(Path.Combine(host.Snapshots.GetLayerPath(image.Layers[3].ChainId), "zeros")).Length);
    }

    [Fact]
    public async Task Pulls_docker_schema_2_images()
    {
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/test/docker", null, default);
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", image.ManifestMediaType);
    }

    [Fact]
    public async Task Concurrent_pulls_of_one_image_share_each_download()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri);
        using var host = new ImageTestHost();
        var pulls = Enumerable.Range(0, 4).Select(_ => host.Images.PullAsync($"{proxy.Host}/test/large", null, default)).ToList();
        var results = await Task.WhenAll(pulls);
        Assert.Single(results.Select(r => r.Id).Distinct());
        var layerGets = proxy.Requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("/blobs/", StringComparison.Ordinal)
            && results[0].Layers.Any(l => r.Contains(l.Digest, StringComparison.Ordinal))).ToList();
        Assert.Equal(results[0].Layers.Count, layerGets.Count);
    }

    [Fact]
    public async Task Unknown_images_are_not_found()
    {
        using var host = new ImageTestHost();
        var error = await Assert.ThrowsAsync<Core.Errors.CriException>(() => host.Images.PullAsync($"{images.Host}/test/none:1", null, default));
        Assert.Equal(Core.Errors.ErrorKind.NotFound, error.Kind);
        var invalid = await Assert.ThrowsAsync<Core.Errors.CriException>(() => host.Images.PullAsync("Busybox", null, default));
        Assert.Equal(Core.Errors.ErrorKind.InvalidArgument, invalid.Kind);
    }

    private static unsafe int FileKindOf(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        Tmds.Linux.stat st;
        fixed (byte* p = bytes)
        {
            Assert.Equal(0, Tmds.Linux.LibC.lstat(p, &st));
        }

        Assert.Equal(0UL, (ulong)st.st_rdev);
        return (int)((uint)st.st_mode >> 12);
    }
}
