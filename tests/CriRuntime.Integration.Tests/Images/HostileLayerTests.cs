using System.Formats.Tar;
using CriRuntime.Core.Errors;
using CriRuntime.Integration.Tests.Fixtures;
using Xunit;

namespace CriRuntime.Integration.Tests.Images;

/// <summary>Crafted layers that try to write outside their snapshot: each fails the pull and leaves nothing.</summary>
[Collection(ImageCollection.Name)]
public sealed class HostileLayerTests(TestImages images) : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("criruntime-outside-").FullName;

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    public static TheoryData<string> Cases => ["dotdot", "absolute", "symlinked-parent", "symlinked-parent-relative", "hardlink-outside", "hardlink-dotdot", "hardlink-missing", "whiteout-dotdot", "nested-dotdot"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_layer_that_escapes_its_root_fails_the_pull_and_leaves_nothing(string kind)
    {
        var victim = Path.Combine(_outside, "victim");
        var layer = new LayerBuilder();
        switch (kind)
        {
            case "dotdot":
                layer.File("../../../../../../../../" + victim.TrimStart('/'), "pwned");
                break;
            case "absolute":
                layer.File(victim, "pwned");
                break;
            case "symlinked-parent":
                layer.Symlink("escape", _outside).File("escape/victim", "pwned");
                break;
            case "symlinked-parent-relative":
                layer.Directory("a").Symlink("a/b", "../../../../../../../../../../" + _outside.TrimStart('/')).File("a/b/victim", "pwned");
                break;
            case "hardlink-outside":
                File.WriteAllText(victim, "original");
                layer.HardLink("link", victim);
                break;
            case "hardlink-dotdot":
                File.WriteAllText(victim, "original");
                layer.HardLink("link", "../../../../../../../../../../" + victim.TrimStart('/'));
                break;
            case "hardlink-missing":
                layer.HardLink("link", "etc/shadow");
                break;
            case "whiteout-dotdot":
                layer.File("a/.wh...", "");
                break;
            case "nested-dotdot":
                layer.Directory("a").File("a/../../victim", "pwned");
                break;
        }

        var repository = $"hostile/{kind}";
        using var push = new RegistryPusher(images.Registry.BaseUri);
        await push.PushImageAsync(repository, new ImageBuilder().Layer(images.Base).Layer(layer.Build()), "latest");
        using var host = new ImageTestHost();

        var error = await Assert.ThrowsAsync<CriException>(() => host.Images.PullAsync($"{images.Host}/{repository}", null, default));
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("layer", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Images.List());
        Assert.Empty(host.Snapshots.List());
        Assert.Empty(host.TemporaryFiles());
        Assert.Empty(host.Content.List());
        if (File.Exists(victim))
        {
            Assert.Equal("original", File.ReadAllText(victim));
        }

        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_outside), p => p != victim);
    }

    [Fact]
    public async Task Overlay_xattrs_from_the_archive_are_not_applied()
    {
        var layer = new LayerBuilder()
            .Directory("d")
            .File("d/f", "x"u8.ToArray(), pax: [new("SCHILY.xattr.trusted.overlay.opaque", "y"), new("SCHILY.xattr.user.note", "kept")]);
        using var push = new RegistryPusher(images.Registry.BaseUri);
        await push.PushImageAsync("hostile/xattr", new ImageBuilder().Layer(layer.Build()), "latest");
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/hostile/xattr", null, default);
        var file = Path.Combine(host.Snapshots.GetLayerPath(image.Layers[0].ChainId), "d/f");
        Assert.Null(Linux.Interop.Native.Lgetxattr(file, "trusted.overlay.opaque"));
        Assert.Equal("kept"u8.ToArray(), Linux.Interop.Native.Lgetxattr(file, "user.note"));
    }

    [Fact]
    public async Task A_directory_replaced_by_a_file_in_the_same_layer_unpacks_as_the_file()
    {
        // Found by fuzzing: the replaced directory's deferred mtime was still set at the end, on a path whose parent
        // had become a file (utimensat: ENOTDIR), failing the pull as Internal.
        var layer = new LayerBuilder().Directory("etc").Directory("etc/conf.d").File("etc", "now a file");
        using var push = new RegistryPusher(images.Registry.BaseUri);
        await push.PushImageAsync("hostile/replaced-directory", new ImageBuilder().Layer(layer.Build()), "latest");
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/hostile/replaced-directory", null, default);
        var etc = Path.Combine(host.Snapshots.GetLayerPath(image.Layers[0].ChainId), "etc");
        Assert.Equal("now a file", await File.ReadAllTextAsync(etc));
    }

    [Fact]
    public async Task A_layer_whose_content_does_not_match_its_diff_id_fails()
    {
        var (blob, _) = new LayerBuilder().File("f", "content").Build();
        var lying = new ImageBuilder().Layer((blob, "sha256:" + new string('0', 64)));
        using var push = new RegistryPusher(images.Registry.BaseUri);
        await push.PushImageAsync("hostile/diffid", lying, "latest");
        using var host = new ImageTestHost();
        var error = await Assert.ThrowsAsync<CriException>(() => host.Images.PullAsync($"{images.Host}/hostile/diffid", null, default));
        Assert.Contains("unpacks to", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Snapshots.List());
        Assert.Empty(host.TemporaryFiles());
    }

    [Fact]
    public async Task A_layer_that_is_not_a_tar_fails()
    {
        var garbage = new Blob("this is not a tar archive, not even close; it just goes on and on for a while........................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................."u8.ToArray(), "application/vnd.oci.image.layer.v1.tar");
        var image = new ImageBuilder().Layer((garbage, garbage.Digest));
        using var push = new RegistryPusher(images.Registry.BaseUri);
        await push.PushImageAsync("hostile/garbage", image, "latest");
        using var host = new ImageTestHost();
        var error = await Assert.ThrowsAsync<CriException>(() => host.Images.PullAsync($"{images.Host}/hostile/garbage", null, default));
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Empty(host.TemporaryFiles());
    }

    [Fact]
    public async Task Device_nodes_and_fifos_are_created()
    {
        var layer = new LayerBuilder().Directory("dev").CharDevice("dev/null", 1, 3).Add(new PaxTarEntry(TarEntryType.Fifo, "fifo") { Mode = (UnixFileMode)0x1a4 });
        using var push = new RegistryPusher(images.Registry.BaseUri);
        await push.PushImageAsync("hostile/devices", new ImageBuilder().Layer(layer.Build()), "latest");
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{images.Host}/hostile/devices", null, default);
        var fs = host.Snapshots.GetLayerPath(image.Layers[0].ChainId);
        Assert.True(Path.Exists(Path.Combine(fs, "dev/null")));
        Assert.True(Path.Exists(Path.Combine(fs, "fifo")));
    }
}
