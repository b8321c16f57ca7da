using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images.Models;

namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>Documents of an export keep their text as it is ("+" stays "+", as registries and docker write it).</summary>
    private static readonly JsonWriterOptions ExportJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes images as one tarball that is both an OCI image layout (<c>oci-layout</c>, <c>index.json</c>,
    /// <c>blobs/sha256/…</c>; what <c>ctr import</c> and <see cref="ImportAsync"/> read) and a docker-archive
    /// (<c>manifest.json</c> naming the same blobs; what <c>docker load</c> reads), as <c>ctr export</c> does.
    /// The store keeps layers only unpacked, so each layer is written again from its snapshot as an uncompressed tar
    /// (<see cref="ISnapshotStore.WriteTarAsync"/>, reproducible), whose digest is a new diff id: the config is
    /// written with <c>rootfs.diff_ids</c> replaced by those digests and everything else as stored, so an exported image
    /// has a new id (config digest) while its files, history and settings are the same; exporting it again gives the
    /// same id. Names: an image asked for by a tag is written with that tag, one asked for by id or digest with all its
    /// tags. Every image is resolved before anything is written: NotFound names the first one missing.
    /// </summary>
    public async Task ExportAsync(IReadOnlyList<string> names, Stream destination, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            throw new CriException(ErrorKind.InvalidArgument, "images: name at least one image to export");
        }

        var chosen = new List<(ImageRecord Image, List<string> Tags)>();
        foreach (var name in names)
        {
            var image = _images.Resolve(name) ?? throw new CriException(ErrorKind.NotFound, $"image \"{name}\" not found");
            var tags = ImageReference.TryParse(name, out var reference, out _) && reference.RepoTag is { } tag && image.RepoTags.Contains(tag, StringComparer.Ordinal)
                ? [tag]
                : image.RepoTags.ToList();
            if (chosen.FindIndex(c => c.Image.Id == image.Id) is var at and >= 0)
            {
                chosen[at].Tags.AddRange(tags.Except(chosen[at].Tags, StringComparer.Ordinal));
            }
            else
            {
                chosen.Add((image, tags));
            }
        }

        using var hold = _gc.HoldTemporarily(chosen.SelectMany(c => c.Image.ChainIds), chosen.Select(c => c.Image.Id));
        var dir = Path.Combine(_content.IngestDirectory, $"export-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        _files.CreateDirectory(dir);
        try
        {
            // Layers first: the configs need their digests, and a tar entry needs its size before its bytes.
            var layers = new Dictionary<string, (Digest Digest, long Size, string File)>(StringComparer.Ordinal);
            foreach (var chainId in chosen.SelectMany(c => c.Image.ChainIds).Distinct(StringComparer.Ordinal))
            {
                var file = Path.Combine(dir, layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await using (var output = _files.Create(file))
                {
                    await _snapshots.WriteTarAsync(chainId, output, cancellationToken);
                }

                await using var input = _files.OpenRead(file);
                layers[chainId] = (Digest.FromSha256Hash(await SHA256.HashDataAsync(input, cancellationToken)), input.Length, file);
            }

            var blobs = new Dictionary<Digest, byte[]>();
            var index = new JsonArray();
            var dockerManifest = new JsonArray();
            foreach (var (image, tags) in chosen)
            {
                var stored = await _content.TryReadAsync(Digest.Parse(image.Id), ManifestParser.MaxConfigSize, cancellationToken)
                    ?? throw new CriException(ErrorKind.NotFound, $"the config of image {image.Id} is missing from the store");
                var imageLayers = image.ChainIds.Select(c => layers[c]).ToList();
                var config = JsonNode.Parse(stored)!.AsObject();
                config["rootfs"] = new JsonObject
                {
                    ["type"] = "layers",
                    ["diff_ids"] = new JsonArray([.. imageLayers.Select(l => JsonValue.Create(l.Digest.ToString()))]),
                };
                var configBytes = ToUtf8(config);
                var configDigest = Digest.Sha256Of(configBytes);
                var manifest = new ImageManifest
                {
                    SchemaVersion = 2,
                    MediaType = MediaTypes.OciManifest,
                    Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.ToString(), Size = configBytes.Length },
                    Layers = [.. imageLayers.Select(l => new Descriptor { MediaType = MediaTypes.OciLayer, Digest = l.Digest.ToString(), Size = l.Size })],
                };
                var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImageJsonContext.Default.ImageManifest);
                var manifestDigest = Digest.Sha256Of(manifestBytes);
                blobs[configDigest] = configBytes;
                blobs[manifestDigest] = manifestBytes;

                foreach (var tag in tags.DefaultIfEmpty())
                {
                    var descriptor = new JsonObject
                    {
                        ["mediaType"] = MediaTypes.OciManifest,
                        ["digest"] = manifestDigest.ToString(),
                        ["size"] = manifestBytes.Length,
                    };
                    if (tag is not null)
                    {
                        descriptor["annotations"] = new JsonObject
                        {
                            ["io.containerd.image.name"] = tag,
                            ["org.opencontainers.image.ref.name"] = tag[(tag.LastIndexOf(':') + 1)..],
                        };
                    }

                    index.Add((JsonNode)descriptor);
                }

                dockerManifest.Add((JsonNode)new JsonObject
                {
                    ["Config"] = BlobPath(configDigest),
                    ["RepoTags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]),
                    ["Layers"] = new JsonArray([.. imageLayers.Select(l => JsonValue.Create(BlobPath(l.Digest)))]),
                });
            }

            await using var tar = new TarWriter(destination, TarEntryFormat.Ustar, leaveOpen: true);
            await WriteArchiveFileAsync(tar, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(), cancellationToken);
            foreach (var (digest, size, file) in layers.Values.DistinctBy(l => l.Digest))
            {
                await using var data = _files.OpenRead(file);
                await tar.WriteEntryAsync(ArchiveEntry(BlobPath(digest), data), cancellationToken);
            }

            foreach (var (digest, content) in blobs)
            {
                await WriteArchiveFileAsync(tar, BlobPath(digest), content, cancellationToken);
            }

            var indexDocument = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypes.OciIndex, ["manifests"] = index };
            await WriteArchiveFileAsync(tar, "index.json", ToUtf8(indexDocument), cancellationToken);
            await WriteArchiveFileAsync(tar, "manifest.json", ToUtf8(dockerManifest), cancellationToken);
            Log.Exported(_logger, chosen.Count, string.Join(", ", chosen.Select(static c => c.Tags.FirstOrDefault() ?? c.Image.Id)));
        }
        finally
        {
            _files.DeleteDirectory(dir, recursive: true);
        }
    }

    private static byte[] ToUtf8(JsonNode document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ExportJson))
        {
            document.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Encoded}";

    private static async Task WriteArchiveFileAsync(TarWriter tar, string name, byte[] content, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream(content, writable: false);
        await tar.WriteEntryAsync(ArchiveEntry(name, data), cancellationToken);
    }

    /// <summary>A file of the archive: fixed owner, mode and time, so the same images give the same archive.</summary>
    private static UstarTarEntry ArchiveEntry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data,
        Mode = (UnixFileMode)0x1a4,
        ModificationTime = DateTimeOffset.UnixEpoch,
    };
}
