using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CriRuntime.TestSupport;

public enum Compression
{
    Gzip,
    Zstd,
    None,
}

/// <summary>A blob ready to push: its bytes, digest and media type.</summary>
public sealed record Blob(byte[] Content, string MediaType)
{
    public string Digest { get; } = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Content));

    public JsonObject Descriptor(JsonObject? platform = null)
    {
        var descriptor = new JsonObject { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Content.Length };
        if (platform is not null)
        {
            descriptor["platform"] = platform;
        }

        return descriptor;
    }
}

/// <summary>A layer built as a tar stream in memory; entries are written exactly as given, hostile ones included.</summary>
public sealed class LayerBuilder
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;

    public LayerBuilder()
    {
        _writer = new TarWriter(_tar, TarEntryFormat.Pax, leaveOpen: true);
    }

    public LayerBuilder Directory(string name, int mode = 0x1ed, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = uid, Gid = gid, ModificationTime = Epoch });

    public LayerBuilder File(string name, byte[] content, int mode = 0x1a4, int uid = 0, int gid = 0, IEnumerable<KeyValuePair<string, string>>? pax = null)
    {
        var entry = pax is null ? new PaxTarEntry(TarEntryType.RegularFile, name) : new PaxTarEntry(TarEntryType.RegularFile, name, pax);
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = Epoch;
        entry.DataStream = new MemoryStream(content);
        return Add(entry);
    }

    public LayerBuilder File(string name, string content, int mode = 0x1a4) => File(name, Encoding.UTF8.GetBytes(content), mode);

    public LayerBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1ff, ModificationTime = Epoch });

    public LayerBuilder HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, Mode = (UnixFileMode)0x1ed, ModificationTime = Epoch });

    public LayerBuilder CharDevice(string name, int major, int minor) =>
        Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor, Mode = (UnixFileMode)0x1b6, ModificationTime = Epoch });

    public LayerBuilder Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    /// <summary>Adds a directory tree from the host (used for busybox and its libraries).</summary>
    public LayerBuilder HostFile(string name, string hostPath, int mode = 0x1ed) => File(name, System.IO.File.ReadAllBytes(hostPath), mode);

    public (Blob Blob, string DiffId) Build(Compression compression = Compression.Gzip)
    {
        _writer.Dispose();
        var tar = _tar.ToArray();
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar));
        return compression switch
        {
            Compression.Gzip => (new Blob(Gzip(tar), "application/vnd.oci.image.layer.v1.tar+gzip"), diffId),
            Compression.Zstd => (new Blob(Zstd(tar), "application/vnd.oci.image.layer.v1.tar+zstd"), diffId),
            _ => (new Blob(tar, "application/vnd.oci.image.layer.v1.tar"), diffId),
        };
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(data).ToArray();
    }
}

/// <summary>An image: layers, a config and a manifest (OCI or Docker schema 2).</summary>
public sealed class ImageBuilder
{
    private readonly List<(Blob Blob, string DiffId)> _layers = [];
    private readonly JsonObject _config = new()
    {
        ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        ["Cmd"] = new JsonArray("/bin/sh"),
    };

    public string Architecture { get; set; } = "amd64";

    public string Os { get; set; } = "linux";

    public bool DockerMediaTypes { get; set; }

    public ImageBuilder Layer((Blob Blob, string DiffId) layer)
    {
        _layers.Add(layer);
        return this;
    }

    public ImageBuilder User(string user)
    {
        _config["User"] = user;
        return this;
    }

    public ImageBuilder Label(string key, string value)
    {
        _config["Labels"] ??= new JsonObject();
        _config["Labels"]![key] = value;
        return this;
    }

    public IReadOnlyList<Blob> Layers => [.. _layers.Select(l => l.Blob)];

    public Blob Config()
    {
        var config = new JsonObject
        {
            ["created"] = "2024-01-01T00:00:00Z",
            ["architecture"] = Architecture,
            ["os"] = Os,
            ["config"] = _config.DeepClone(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray([.. _layers.Select(l => (JsonNode)l.DiffId)]) },
        };
        return new Blob(
            Encoding.UTF8.GetBytes(config.ToJsonString()),
            DockerMediaTypes ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json");
    }

    public Blob Manifest()
    {
        var config = Config();
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = DockerMediaTypes ? "application/vnd.docker.distribution.manifest.v2+json" : "application/vnd.oci.image.manifest.v1+json",
            ["config"] = config.Descriptor(),
            ["layers"] = new JsonArray([.. _layers.Select(l => (JsonNode)Descriptor(l.Blob))]),
        };
        return new Blob(Encoding.UTF8.GetBytes(manifest.ToJsonString()), manifest["mediaType"]!.GetValue<string>());
    }

    public JsonObject Platform() => new() { ["os"] = Os, ["architecture"] = Architecture };

    private JsonObject Descriptor(Blob blob) =>
        DockerMediaTypes && blob.MediaType.EndsWith("gzip", StringComparison.Ordinal)
            ? new Blob(blob.Content, "application/vnd.docker.image.rootfs.diff.tar.gzip").Descriptor()
            : blob.Descriptor();

    public static Blob Index(params (Blob Manifest, JsonObject Platform)[] entries)
    {
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray([.. entries.Select(e => (JsonNode)e.Manifest.Descriptor(e.Platform))]),
        };
        return new Blob(Encoding.UTF8.GetBytes(index.ToJsonString()), "application/vnd.oci.image.index.v1+json");
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
