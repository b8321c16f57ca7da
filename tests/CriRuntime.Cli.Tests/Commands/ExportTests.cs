using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CriRuntime.Cli.Tests.Fixtures;
using Runtime.V1;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class ExportTests(CliDaemon fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cli-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_exported_image_matches_its_diff_ids_is_reproducible_and_runs_after_rmi_and_import()
    {
        // A second layer that deletes a file (whiteout), replaces a directory (opaque), and has a hard link and a symlink.
        var layered = new ImageBuilder()
            .Layer(BusyboxLayer.Create().File("a", "A\n").File("d/x", "X\n").File("d/y", "Y\n").File("keep", "K\n").Build())
            .Layer(new LayerBuilder().File(".wh.a", "").File("d/.wh..wh..opq", "").File("d/z", "Z\n")
                .File("f", "F\n").HardLink("f2", "f").Symlink("s", "/keep").Build());
        using (var push = new RegistryPusher(fixture.Registry.BaseUri))
        {
            await push.PushImageAsync("cli/layered", layered, "1.0");
        }

        var reference = $"{fixture.Registry.Host}/cli/layered:1.0";
        Assert.Equal(0, (await fixture.RunAsync("pull", reference)).Code);
        var file = Path.Combine(_dir, "layered.tar");
        var exported = await fixture.RunAsync("images", "export", reference, "-o", file);
        Assert.True(exported.Code == 0, exported.ToString());
        Assert.Empty(exported.Out);
        Assert.Equal(["layered.tar"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));

        var archive = ReadArchive(await File.ReadAllBytesAsync(file));
        var (configDigest, layers) = CheckArchive(archive, reference);
        Assert.Equal(2, layers.Count);
        Assert.NotEqual(layered.Config().Digest, configDigest);
        var top = TarNames(archive[$"blobs/sha256/{layers[1]}"]);
        Assert.Contains(".wh.a", top);
        Assert.Contains("d/.wh..wh..opq", top);
        Assert.Contains("d/z", top);

        // The same image gives the same bytes, to a file or to stdout.
        Assert.Equal(await File.ReadAllBytesAsync(file), await ExportToStdoutAsync(reference));

        Assert.Equal(0, (await fixture.RunAsync("rmi", reference)).Code);
        var imported = await fixture.RunAsync("images", "import", file);
        Assert.True(imported.Code == 0, imported.ToString());
        Assert.Equal($"Imported sha256:{configDigest} as {reference}", imported.Out.Trim());

        var container = fixture.ContainerConfig("exported", ["sh", "-c", "cat /d/z /f2 /keep; ls /d; readlink /s; stat -c %h /f; test -e /a || echo a-deleted"]);
        container.Image = new ImageSpec { Image = reference };
        var (pod, ids) = await fixture.RunPodAsync(fixture.PodConfig("exported"), container);
        await fixture.WaitExitedAsync(ids[0]);
        Assert.Equal("Z\nF\nK\nz\n/keep\n2\na-deleted\n", (await fixture.RunAsync("logs", ids[0])).Out);
        await fixture.Daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod });

        // Exported again after the round trip: the same image.
        Assert.Equal(await File.ReadAllBytesAsync(file), await ExportToStdoutAsync(reference));
    }

    [Fact]
    public async Task Several_images_go_into_one_archive_with_their_shared_layer_once()
    {
        var shared = BusyboxLayer.Create().Build();
        var first = new ImageBuilder().Layer(shared).Layer(new LayerBuilder().File("which", "first\n").Build());
        var second = new ImageBuilder().Layer(shared).Layer(new LayerBuilder().File("which", "second\n").Build());
        using (var push = new RegistryPusher(fixture.Registry.BaseUri))
        {
            await push.PushImageAsync("cli/multi-first", first, "1");
            await push.PushImageAsync("cli/multi-second", second, "1");
        }

        var references = new[] { $"{fixture.Registry.Host}/cli/multi-first:1", $"{fixture.Registry.Host}/cli/multi-second:1" };
        foreach (var reference in references)
        {
            Assert.Equal(0, (await fixture.RunAsync("pull", reference)).Code);
        }

        var file = Path.Combine(_dir, "multi.tar");
        Assert.Equal(0, (await fixture.RunAsync("images", "save", references[0], references[1], "-o", file)).Code);
        var archive = ReadArchive(await File.ReadAllBytesAsync(file));
        var firstLayers = CheckArchive(archive, references[0]).Layers;
        var secondLayers = CheckArchive(archive, references[1]).Layers;
        Assert.Equal(firstLayers[0], secondLayers[0]);
        // The shared layer, two top layers, two configs, two manifests.
        Assert.Equal(7, archive.Count(e => e.Key.StartsWith("blobs/", StringComparison.Ordinal)));

        Assert.Equal(0, (await fixture.RunAsync("rmi", references[0], references[1])).Code);
        var imported = await fixture.RunAsync("images", "import", file);
        Assert.True(imported.Code == 0, imported.ToString());
        Assert.Equal(2, Regex.Matches(imported.Out, "^Imported sha256:[0-9a-f]{64} as ", RegexOptions.Multiline).Count);
        var pod = fixture.PodConfig("multi-export");
        var containers = references.Select((r, i) =>
        {
            var config = fixture.ContainerConfig($"multi-{i}", ["cat", "/which"]);
            config.Image = new ImageSpec { Image = r };
            return config;
        }).ToArray();
        var (podId, ids) = await fixture.RunPodAsync(pod, containers);
        await fixture.WaitExitedAsync(ids[0]);
        await fixture.WaitExitedAsync(ids[1]);
        Assert.Equal("first\n", (await fixture.RunAsync("logs", ids[0])).Out);
        Assert.Equal("second\n", (await fixture.RunAsync("logs", ids[1])).Out);
        await fixture.Daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podId });
    }

    [Fact]
    public async Task A_missing_image_or_an_unwritable_file_fails_clearly_and_leaves_no_file()
    {
        var file = Path.Combine(_dir, "out.tar");
        var missing = await fixture.RunAsync("images", "export", fixture.Image, "cli.test/no/such:image", "-o", file);
        Assert.Equal(ExitCodes.NotFound, missing.Code);
        Assert.Contains("cli.test/no/such:image", missing.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));

        var noDirectory = await fixture.RunAsync("images", "export", fixture.Image, "-o", Path.Combine(_dir, "absent", "out.tar"));
        Assert.Equal(ExitCodes.Failed, noDirectory.Code);
        Assert.StartsWith($"criruntime: cannot write {Path.Combine(_dir, "absent", "out.tar")}: ", noDirectory.Error, StringComparison.Ordinal);

        // Not even root creates files in /proc.
        var unwritable = await fixture.RunAsync("images", "export", fixture.Image, "-o", "/proc/criruntime-export.tar");
        Assert.Equal(ExitCodes.Failed, unwritable.Code);
        Assert.StartsWith("criruntime: cannot write /proc/criruntime-export.tar: ", unwritable.Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, (await fixture.RunAsync("images", "export")).Code);
    }

    /// <summary>The real criruntime writing the archive to its stdout (a file: binary, and the shell's offset moves).</summary>
    private async Task<byte[]> ExportToStdoutAsync(string reference)
    {
        var output = Path.Combine(_dir, "stdout.tar");
        var cli = Path.Combine(AppContext.BaseDirectory, "criruntime");
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{{ {cli} -r {fixture.Endpoint} --config /nonexistent/config.toml images export {reference}; echo end; }} > {output}");
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        var written = await File.ReadAllBytesAsync(output);
        File.Delete(output);

        // What the shell wrote after criruntime follows the archive instead of overwriting it.
        Assert.Equal("end\n"u8.ToArray(), written[^4..]);
        return written[..^4];
    }

    /// <summary>
    /// Checks the image's entries in both indexes (index.json by name, manifest.json by tag) against its manifest and
    /// config: every layer's digest is the sha256 of its tar and is the config's diff id. Returns the config digest and
    /// the layers' hex digests.
    /// </summary>
    private static (string ConfigDigest, List<string> Layers) CheckArchive(Dictionary<string, byte[]> archive, string reference)
    {
        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", Encoding.UTF8.GetString(archive["oci-layout"]));
        foreach (var (name, content) in archive.Where(e => e.Key.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
        {
            Assert.Equal(name["blobs/sha256/".Length..], Convert.ToHexStringLower(SHA256.HashData(content)));
        }

        var descriptor = JsonNode.Parse(archive["index.json"])!["manifests"]!.AsArray()
            .Single(m => m!["annotations"]?["io.containerd.image.name"]?.GetValue<string>() == reference)!;
        var manifest = JsonNode.Parse(archive[Blob(descriptor["digest"]!)])!;
        var configDigest = manifest["config"]!["digest"]!.GetValue<string>();
        var config = JsonNode.Parse(archive[Blob(manifest["config"]!["digest"]!)])!;
        var layers = manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>()).ToList();
        Assert.Equal(layers, config["rootfs"]!["diff_ids"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.All(manifest["layers"]!.AsArray(), l => Assert.Equal("application/vnd.oci.image.layer.v1.tar", l!["mediaType"]!.GetValue<string>()));

        var docker = JsonNode.Parse(archive["manifest.json"])!.AsArray()
            .Single(e => e!["RepoTags"]!.AsArray().Any(t => t!.GetValue<string>() == reference))!;
        Assert.Equal(Blob(configDigest), docker["Config"]!.GetValue<string>());
        Assert.Equal(layers.Select(Blob), docker["Layers"]!.AsArray().Select(l => l!.GetValue<string>()));
        return (configDigest[7..], [.. layers.Select(l => l[7..])]);
    }

    private static string Blob(JsonNode digest) => Blob(digest.GetValue<string>());

    private static string Blob(string digest) => "blobs/sha256/" + digest["sha256:".Length..];

    private static Dictionary<string, byte[]> ReadArchive(byte[] tar)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            files.Add(entry.Name, content.ToArray());
        }

        return files;
    }

    private static List<string> TarNames(byte[] tar)
    {
        var names = new List<string>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
