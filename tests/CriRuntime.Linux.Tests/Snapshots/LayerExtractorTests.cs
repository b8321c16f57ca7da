using System.Formats.Tar;
using CriRuntime.Core.Errors;
using CriRuntime.Linux.Files;
using CriRuntime.Linux.Interop;
using CriRuntime.Linux.Snapshots;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Linux.Tests.Snapshots;

/// <summary>
/// The layer tar reader on crafted streams. Whiteouts are 0:0 character devices and opaque markers a
/// <c>trusted.*</c> xattr, which take CAP_MKNOD and CAP_SYS_ADMIN (the suite runs as root, as <c>.ci/run</c> does);
/// the rest needs no privilege beyond owning the files (entries are written with this process's ids).
/// </summary>
public sealed class LayerExtractorTests : IDisposable
{
    private static readonly int Uid = (int)(uint)Tmds.Linux.LibC.geteuid();
    private readonly FixtureTree _tree = new("criruntime-layer-");

    [Fact]
    public async Task Files_directories_symlinks_and_hard_links_are_unpacked_with_their_modes()
    {
        var layer = new LayerBuilder()
            .Directory("etc", 0x1ed, Uid, Uid)
            .File("etc/motd", "hello"u8.ToArray(), 0x180, Uid, Uid)
            .Add(new PaxTarEntry(TarEntryType.HardLink, "etc/motd.link") { LinkName = "etc/motd", Uid = Uid, Gid = Uid, Mode = (UnixFileMode)0x180 })
            .Add(new PaxTarEntry(TarEntryType.SymbolicLink, "etc/issue") { LinkName = "motd", Uid = Uid, Gid = Uid });

        var extractor = await ExtractAsync(layer);

        Assert.Equal("hello", File.ReadAllText(_tree["out/etc/motd"]));
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(_tree["out/etc/motd"]));
        Assert.Equal("motd", new FileInfo(_tree["out/etc/issue"]).LinkTarget);
        File.AppendAllText(_tree["out/etc/motd.link"], "!");
        Assert.Equal("hello!", File.ReadAllText(_tree["out/etc/motd"]));
        Assert.Equal(3, extractor.Inodes); // the hard link shares its file's inode
    }

    [Theory]
    [InlineData("../escape", "leaves its root")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("a/../../escape", "leaves its root")]
    public async Task Paths_that_leave_the_root_fail_the_layer(string name, string reason)
    {
        var layer = new LayerBuilder().File(name, "x"u8.ToArray(), 0x1a4, Uid, Uid);

        var e = await Assert.ThrowsAsync<CriException>(() => ExtractAsync(layer));

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree["escape"]));
    }

    [Fact]
    public async Task An_entry_under_a_symlink_is_refused_rather_than_followed()
    {
        _tree.Directory("outside");
        var layer = new LayerBuilder()
            .Add(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = _tree["outside"], Uid = Uid, Gid = Uid })
            .File("link/planted", "x"u8.ToArray(), 0x1a4, Uid, Uid);

        var e = await Assert.ThrowsAsync<CriException>(() => ExtractAsync(layer));

        Assert.Contains("which is a symlink", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_tree["outside"]));
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("not-unpacked-yet")]
    [InlineData("dir")]
    public async Task A_hard_link_to_anything_but_an_earlier_file_of_the_layer_is_refused(string target)
    {
        var layer = new LayerBuilder()
            .Directory("dir", 0x1ed, Uid, Uid)
            .Add(new PaxTarEntry(TarEntryType.HardLink, "link") { LinkName = target, Uid = Uid, Gid = Uid });

        var e = await Assert.ThrowsAsync<CriException>(() => ExtractAsync(layer));

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.False(File.Exists(_tree["out/link"]));
    }

    [Fact]
    public async Task A_truncated_archive_is_not_a_valid_layer()
    {
        var (blob, _) = new LayerBuilder().File("a", new byte[2048], 0x1a4, Uid, Uid).Build(Compression.None);

        var e = await Assert.ThrowsAsync<CriException>(() => ExtractAsync(blob.Content[..700]));

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
    }

    [Fact]
    public async Task Whiteouts_become_0_0_character_devices_and_opaque_markers_an_overlay_xattr()
    {
        var layer = new LayerBuilder()
            .Directory("etc", 0x1ed, Uid, Uid)
            .File("etc/.wh.passwd", [], 0x1a4, Uid, Uid)
            .Directory("var/cache", 0x1ed, Uid, Uid)
            .File("var/cache/.wh..wh..opq", [], 0x1a4, Uid, Uid)
            .File("etc/.wh..wh.plnk", [], 0x1a4, Uid, Uid);

        await ExtractAsync(layer);

        Assert.Equal(FileKindValue.Other, FileKind.Of(_tree["out/etc/passwd"]));
        Assert.Equal("y"u8.ToArray(), Native.Lgetxattr(_tree["out/var/cache"], "trusted.overlay.opaque"));
        Assert.False(File.Exists(_tree["out/var/cache/.wh..wh..opq"]));
        Assert.Equal(["passwd"], Directory.GetFileSystemEntries(_tree["out/etc"]).Select(Path.GetFileName));
    }

    public void Dispose() => _tree.Dispose();

    private Task<LayerExtractor> ExtractAsync(LayerBuilder layer) => ExtractAsync(layer.Build(Compression.None).Blob.Content);

    private async Task<LayerExtractor> ExtractAsync(byte[] tar)
    {
        _tree.Directory("out");
        var extractor = new LayerExtractor(_tree["out"], "layer sha256:test");
        await extractor.ExtractAsync(new MemoryStream(tar), CancellationToken.None);
        return extractor;
    }
}
