using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;

namespace CriRuntime.TestSupport;

/// <summary>
/// Image tarballs as the tools that make them write them: a <c>docker save</c> archive (manifest.json, a config and
/// uncompressed layer tars under per-layer directories) and an OCI image layout (oci-layout, index.json, blobs/sha256/).
/// </summary>
public static class ImageArchives
{
    /// <summary>A docker-archive of one image with these tags (docker save's classic layout).</summary>
    public static byte[] DockerArchive(ImageBuilder image, params string[] repoTags)
    {
        var config = image.Config();
        var hex = config.Digest["sha256:".Length..];
        var layers = image.Layers.Select((layer, i) => ($"layer{i}/layer.tar", layer)).ToList();
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = $"{hex}.json",
            ["RepoTags"] = new JsonArray([.. repoTags.Select(t => (JsonNode)t)]),
            ["Layers"] = new JsonArray([.. layers.Select(l => (JsonNode)l.Item1)]),
        });
        return Tar(writer =>
        {
            foreach (var (path, layer) in layers)
            {
                Add(writer, path, layer.Content);
            }

            Add(writer, $"{hex}.json", config.Content);
            Add(writer, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        });
    }

    /// <summary>An OCI image layout of one image, named in index.json with both annotations tools use.</summary>
    public static byte[] OciLayout(ImageBuilder image, string name)
    {
        var manifest = image.Manifest();
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = manifest.MediaType,
                ["digest"] = manifest.Digest,
                ["size"] = manifest.Content.Length,
                ["annotations"] = new JsonObject
                {
                    ["io.containerd.image.name"] = name,
                    ["org.opencontainers.image.ref.name"] = name[(name.LastIndexOf(':') + 1)..],
                },
            }),
        };
        return Tar(writer =>
        {
            Add(writer, "oci-layout", Encoding.UTF8.GetBytes("""{"imageLayoutVersion":"1.0.0"}"""));
            foreach (var blob in image.Layers.Append(image.Config()).Append(manifest))
            {
                Add(writer, $"blobs/sha256/{blob.Digest["sha256:".Length..]}", blob.Content);
            }

            Add(writer, "index.json", Encoding.UTF8.GetBytes(index.ToJsonString()));
        });
    }

    private static byte[] Tar(Action<TarWriter> write)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        return output.ToArray();
    }

    private static void Add(TarWriter writer, string name, byte[] content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0x1a4 });
}
