using System.IO.Compression;
using CriRuntime.Cli.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Commands;

/// <summary>Archives as one-node tools ship them: compressed as a whole, or cut short in transit.</summary>
[Collection(CliDaemonCollection.Name)]
public sealed class ImportArchiveFormatTests(CliDaemon fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cli-import-format-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_gzip_docker_archive_and_a_zstd_OCI_layout_are_imported()
    {
        var docker = new ImageBuilder { DockerMediaTypes = true }.Layer(new LayerBuilder().File("g.txt", "gzip\n").Build(Compression.None));
        var oci = new ImageBuilder().Layer(new LayerBuilder().File("z.txt", "zstd\n").Build());
        var gzipFile = Path.Combine(_dir, "docker.tar.gz");
        var zstdFile = Path.Combine(_dir, "oci.tar.zst");
        await File.WriteAllBytesAsync(gzipFile, Gzip(ImageArchives.DockerArchive(docker, "cli.test/imported/gzip:1")));
        await File.WriteAllBytesAsync(zstdFile, Zstd(ImageArchives.OciLayout(oci, "cli.test/imported/zstd:1")));

        var gzipped = await fixture.RunAsync("images", "import", gzipFile);
        Assert.True(gzipped.Code == 0, gzipped.ToString());
        Assert.Contains("as cli.test/imported/gzip:1", gzipped.Out, StringComparison.Ordinal);
        var zstd = await fixture.RunAsync("images", "import", zstdFile);
        Assert.True(zstd.Code == 0, zstd.ToString());
        Assert.Contains("as cli.test/imported/zstd:1", zstd.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(700)]
    [InlineData(1500)]
    [InlineData(-1600)]
    public async Task A_truncated_archive_is_refused_as_malformed_not_as_an_internal_error(int keep)
    {
        var image = new ImageBuilder().Layer(new LayerBuilder().File("t.txt", new string('t', 20_000)).Build(Compression.None));
        var name = $"cli.test/imported/truncated{keep}:1";
        var whole = ImageArchives.DockerArchive(image, name);
        var file = Path.Combine(_dir, "truncated.tar");
        await File.WriteAllBytesAsync(file, whole.AsSpan(0, keep > 0 ? keep : whole.Length + keep).ToArray());

        var result = await fixture.RunAsync("images", "import", file);
        Assert.Equal(ExitCodes.Failed, result.Code);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Internal", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(name[..name.IndexOf(':', StringComparison.Ordinal)], (await fixture.RunAsync("images")).Out, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(data).ToArray();
    }
}
