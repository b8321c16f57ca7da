using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Images.Models;

namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>Entries of an archive beyond this many are refused (a hostile tarball of millions of files).</summary>
    public const int MaxArchiveEntries = 100_000;

    /// <summary>
    /// Imports the images of a <c>docker save</c> archive or an OCI image layout tarball into the store, as kind and
    /// k3s load images without a registry. Every blob is checked against its digest (a docker-archive's names are not
    /// digests: its blobs are hashed here) and every layer against the config's diff ids while it unpacks, exactly as
    /// pulls are; the same garbage collection holds apply. Names come from <c>RepoTags</c> (docker) or the
    /// <c>io.containerd.image.name</c> / <c>org.opencontainers.image.ref.name</c> annotations (OCI). The archive may be
    /// gzip- or zstd-compressed as a whole (<c>docker save | gzip</c>, k3s' <c>.tar.zst</c> air-gap bundles), told by
    /// its first bytes. Returns the images. A malformed, truncated or corrupt archive is <c>InvalidArgument</c>.
    /// </summary>
    public async Task<IReadOnlyList<ImageRecord>> ImportAsync(Stream archive, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(_content.IngestDirectory, $"import-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        _files.CreateDirectory(dir);
        try
        {
            await using var tar = await LayerDecompressor.OpenAsync(archive, cancellationToken);
            var files = await SpoolAsync(tar, dir, cancellationToken);
            var images = files.ContainsKey("index.json") && files.ContainsKey("oci-layout")
                ? await ImportOciLayoutAsync(files, cancellationToken)
                : files.ContainsKey("manifest.json")
                    ? await ImportDockerArchiveAsync(files, cancellationToken)
                    : throw new CriException(ErrorKind.InvalidArgument, "the archive is neither a docker-archive (no manifest.json) nor an OCI image layout (no oci-layout and index.json)");
            Log.Imported(_logger, images.Count, string.Join(", ", images.Select(static i => i.RepoTags.FirstOrDefault() ?? i.Id)));
            return images;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or KeyNotFoundException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new CriException(ErrorKind.InvalidArgument, $"malformed image archive: {e.Message}", e);
        }
        finally
        {
            _files.DeleteDirectory(dir, recursive: true);
            try
            {
                _gc.Collect();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Writes each regular file of the archive to a numbered file of its own: no archive name is ever used as a path,
    /// so "../" and absolute names cannot escape. Names are normalised ("./a//b" is "a/b").
    /// </summary>
    private async Task<Dictionary<string, string>> SpoolAsync(Stream archive, string dir, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (files.Count >= MaxArchiveEntries)
            {
                throw new CriException(ErrorKind.InvalidArgument, $"the archive has more than {MaxArchiveEntries} files");
            }

            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            var name = string.Join('/', entry.Name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(static p => p != "."));
            var path = Path.Combine(dir, files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await using (var file = _files.Create(path))
            {
                await entry.DataStream.CopyToAsync(file, cancellationToken);
            }

            files[name] = path;
        }

        return files;
    }

    private async Task<IReadOnlyList<ImageRecord>> ImportOciLayoutAsync(Dictionary<string, string> files, CancellationToken cancellationToken)
    {
        var index = ManifestParser.ParseIndex(await _files.ReadAllBytesAsync(files["index.json"], cancellationToken));
        var images = new List<ImageRecord>();
        foreach (var descriptor in index.Manifests ?? [])
        {
            var digest = Digest.Parse(descriptor.Digest!);
            var content = await ReadBlobAsync(files, digest, ManifestParser.MaxConfigSize, cancellationToken);
            var manifestDigest = digest;
            if (ManifestParser.Classify(content, descriptor.MediaType) == ManifestParser.DocumentKind.Index)
            {
                var nested = ManifestParser.ParseIndex(content);
                var chosen = _platform.SelectBest(nested.Manifests!);
                if (chosen < 0)
                {
                    throw new CriException(ErrorKind.NotFound, $"index {digest} in the archive has no image for platform {_platform.Platform}");
                }

                manifestDigest = Digest.Parse(nested.Manifests![chosen].Digest!);
                content = await ReadBlobAsync(files, manifestDigest, ManifestParser.MaxConfigSize, cancellationToken);
            }

            var manifest = ManifestParser.ParseManifest(content);
            var configDigest = Digest.Parse(manifest.Config!.Digest!);
            var config = await ReadBlobAsync(files, configDigest, ManifestParser.MaxConfigSize, cancellationToken);
            var layers = (manifest.Layers ?? []).Select(l => (Layer: l, File: BlobFile(files, Digest.Parse(l.Digest!)))).ToList();
            var names = new[] { "io.containerd.image.name", "org.opencontainers.image.ref.name" }
                .Select(key => descriptor.Annotations?.GetValueOrDefault(key))
                .OfType<string>()
                .Where(static n => n.Contains('/', StringComparison.Ordinal) || n.Contains(':', StringComparison.Ordinal))
                .Take(1);
            images.Add(await CommitImportedAsync(manifest, content, manifestDigest, config, configDigest, layers, names, cancellationToken));
        }

        return images;
    }

    private async Task<IReadOnlyList<ImageRecord>> ImportDockerArchiveAsync(Dictionary<string, string> files, CancellationToken cancellationToken)
    {
        var entries = JsonNode.Parse(await _files.ReadAllBytesAsync(files["manifest.json"], cancellationToken))?.AsArray()
            ?? throw new CriException(ErrorKind.InvalidArgument, "manifest.json of the archive is empty");
        var images = new List<ImageRecord>();
        foreach (var entry in entries)
        {
            var configFile = files[entry!["Config"]!.GetValue<string>()];
            var config = await _files.ReadAllBytesAsync(configFile, cancellationToken);
            var configDigest = Digest.FromSha256Hash(SHA256.HashData(config));
            var layers = new List<(Descriptor Layer, string File)>();
            foreach (var layerName in entry["Layers"]!.AsArray())
            {
                var file = files[layerName!.GetValue<string>()];
                await using var stream = _files.OpenRead(file);
                var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
                layers.Add((new Descriptor { MediaType = await SniffLayerMediaTypeAsync(file, cancellationToken), Digest = $"sha256:{hash}", Size = stream.Length }, file));
            }

            // docker save writes no manifest: one is made, as containerd does, so the image has a manifest digest.
            var manifest = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = MediaTypes.OciManifest,
                Config = new Descriptor { MediaType = "application/vnd.oci.image.config.v1+json", Digest = configDigest.ToString(), Size = config.Length },
                Layers = [.. layers.Select(static l => l.Layer)],
            };
            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImageJsonContext.Default.ImageManifest);
            var manifestDigest = Digest.FromSha256Hash(SHA256.HashData(manifestBytes));
            var names = entry["RepoTags"]?.AsArray().Select(static t => t!.GetValue<string>()) ?? [];
            images.Add(await CommitImportedAsync(manifest, manifestBytes, manifestDigest, config, configDigest, layers, names, cancellationToken));
        }

        return images;
    }

    private async Task<ImageRecord> CommitImportedAsync(
        ImageManifest manifest, byte[] manifestBytes, Digest manifestDigest, byte[] configBytes, Digest configDigest,
        IReadOnlyList<(Descriptor Layer, string File)> layers, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var config = ManifestParser.ParseConfig(configBytes, layers.Count);
        if (config.Os is { } os && !_platform.Matches(new Platform { Os = os, Architecture = config.Architecture, Variant = config.Variant }))
        {
            throw new CriException(ErrorKind.FailedPrecondition, $"image {configDigest} is for {os}/{config.Architecture}, this node is {_platform.Platform}");
        }

        var references = new List<ImageReference>();
        foreach (var name in names)
        {
            references.Add(ImageReference.TryParse(name, out var reference, out var error)
                ? reference
                : throw new CriException(ErrorKind.InvalidArgument, $"image name \"{name}\" in the archive: {error}"));
        }

        var layerRecords = LayerRecords([.. layers.Select(static l => l.Layer)], config);
        var chainIds = layerRecords.Select(static l => l.ChainId).ToList();

        using var hold = _gc.HoldTemporarily(chainIds, [configDigest.ToString(), manifestDigest.ToString()]);
        for (var i = 0; i < layerRecords.Count; i++)
        {
            if (!_snapshots.Exists(layerRecords[i].ChainId))
            {
                var file = layers[i].File;
                await UnpackLayerAsync(_ => Task.FromResult<Stream>(_files.OpenRead(file)), layerRecords[i], cancellationToken);
            }
        }

        await _content.WriteAsync(manifestDigest, manifestBytes, cancellationToken);
        await _content.WriteAsync(configDigest, configBytes, cancellationToken);
        var record = NewRecord(manifest, manifestBytes, manifestDigest, configBytes, configDigest, config, layerRecords, []);
        if (references.Count == 0)
        {
            return _images.Commit(record, null, null);
        }

        foreach (var reference in references)
        {
            record = _images.Commit(record, reference.RepoTag, null);
        }

        return record;
    }

    /// <summary>A blob of an OCI layout, read whole and checked against its digest.</summary>
    private async Task<byte[]> ReadBlobAsync(Dictionary<string, string> files, Digest digest, long limit, CancellationToken cancellationToken)
    {
        var file = BlobFile(files, digest);
        if (_files.Inspect(file).Length > limit)
        {
            throw new CriException(ErrorKind.InvalidArgument, $"blob {digest} in the archive is larger than {limit} bytes");
        }

        var content = await _files.ReadAllBytesAsync(file, cancellationToken);
        var hash = digest.Algorithm == "sha512" ? SHA512.HashData(content) : SHA256.HashData(content);
        if (!string.Equals(Convert.ToHexStringLower(hash), digest.Encoded, StringComparison.Ordinal))
        {
            throw new CriException(ErrorKind.InvalidArgument, $"blob {digest} in the archive does not match its digest");
        }

        return content;
    }

    private static string BlobFile(Dictionary<string, string> files, Digest digest) =>
        files.TryGetValue($"blobs/{digest.Algorithm}/{digest.Encoded}", out var file)
            ? file
            : throw new CriException(ErrorKind.InvalidArgument, $"blob {digest} is missing from the archive");

    private async Task<string> SniffLayerMediaTypeAsync(string file, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        await using var stream = _files.OpenRead(file);
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return read >= 2 && head[0] == 0x1f && head[1] == 0x8b ? MediaTypes.OciLayerGzip
            : read >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd ? MediaTypes.OciLayerZstd
            : MediaTypes.OciLayer;
    }
}
