using System.Text.RegularExpressions;
using CriRuntime.Cli.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class ImportTests(CliDaemon fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cli-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_docker_save_archive_and_an_OCI_layout_are_imported_and_run()
    {
        // docker save writes uncompressed layers; OCI layouts usually gzip them.
        var docker = new ImageBuilder { DockerMediaTypes = true }
            .Layer(BusyboxLayer.Create().Build(Compression.None))
            .Layer(new LayerBuilder().File("hello.txt", "from docker-archive\n").Build(Compression.None));
        var oci = new ImageBuilder()
            .Layer(BusyboxLayer.Create().Build())
            .Layer(new LayerBuilder().File("hello.txt", "from oci layout\n").Build());
        var dockerFile = Path.Combine(_dir, "docker.tar");
        var ociFile = Path.Combine(_dir, "oci.tar");
        await File.WriteAllBytesAsync(dockerFile, ImageArchives.DockerArchive(docker, "cli.test/imported/docker:1"));
        await File.WriteAllBytesAsync(ociFile, ImageArchives.OciLayout(oci, "cli.test/imported/oci:2"));

        var imported = await fixture.RunAsync("images", "import", dockerFile);
        Assert.True(imported.Code == 0, imported.ToString());
        Assert.Matches(@"^Imported sha256:[0-9a-f]{64} as cli\.test/imported/docker:1$", imported.Out.Trim());
        Assert.Equal(docker.Config().Digest, Regex.Match(imported.Out, "sha256:[0-9a-f]{64}").Value);
        var importedOci = await fixture.RunAsync("image", "import", ociFile);
        Assert.True(importedOci.Code == 0, importedOci.ToString());
        Assert.Contains("as cli.test/imported/oci:2", importedOci.Out, StringComparison.Ordinal);

        var podConfig = fixture.PodConfig("imported");
        ContainerConfigFor(out var fromDocker, "docker", "cli.test/imported/docker:1");
        ContainerConfigFor(out var fromOci, "oci", "cli.test/imported/oci:2");
        var (pod, ids) = await fixture.RunPodAsync(podConfig, fromDocker, fromOci);
        await fixture.WaitExitedAsync(ids[0]);
        await fixture.WaitExitedAsync(ids[1]);
        Assert.Equal("from docker-archive\n", (await fixture.RunAsync("logs", ids[0])).Out);
        Assert.Equal("from oci layout\n", (await fixture.RunAsync("logs", ids[1])).Out);
        await fixture.Daemon.Runtime.RemovePodSandboxAsync(new Runtime.V1.RemovePodSandboxRequest { PodSandboxId = pod });
    }

    [Fact]
    public async Task A_blob_that_does_not_match_its_digest_fails_the_import_and_leaves_no_image()
    {
        var image = new ImageBuilder().Layer(new LayerBuilder().File("x", "y").Build());
        var archive = ImageArchives.OciLayout(image, "cli.test/imported/corrupt:1");
        var content = image.Layers[0].Content;
        var at = IndexOf(archive, content) + (content.Length / 2);
        archive[at] ^= 0xff;
        var file = Path.Combine(_dir, "corrupt.tar");
        await File.WriteAllBytesAsync(file, archive);

        var result = await fixture.RunAsync("images", "import", file);
        Assert.Equal(ExitCodes.Failed, result.Code);
        // Which check catches it first (digest, decompression, tar, diff id) depends on where the byte fell.
        Assert.Matches(@"^criruntime: layer sha256:[0-9a-f]{64} ", result.Error);
        Assert.DoesNotContain("corrupt", (await fixture.RunAsync("images")).Out, StringComparison.Ordinal);

        var notAnArchive = Path.Combine(_dir, "empty.tar");
        await File.WriteAllBytesAsync(notAnArchive, new byte[1024]);
        var refused = await fixture.RunAsync("images", "import", notAnArchive);
        Assert.Equal(ExitCodes.Failed, refused.Code);
        Assert.Contains("neither a docker-archive", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, (await fixture.RunAsync("images", "import", Path.Combine(_dir, "missing.tar"))).Code);
    }

    private void ContainerConfigFor(out Runtime.V1.ContainerConfig config, string name, string image)
    {
        config = fixture.ContainerConfig(name, ["/bin/cat", "/hello.txt"]);
        config.Image = new Runtime.V1.ImageSpec { Image = image };
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("the blob is not in the archive");
    }
}
