using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images.Models;

namespace CriRuntime.Core.Images;

/// <summary>
/// Reads and validates registry documents. Whatever is malformed — not JSON, a wrong schema version,
/// a missing or invalid digest, a negative size, an unknown layer type — is refused with a clear message
/// before anything is fetched on its behalf.
/// </summary>
public static class ManifestParser
{
    public const int MaxLayers = 1000;
    public const long MaxConfigSize = 8 << 20;
    private const string Schema1 = "application/vnd.docker.distribution.manifest.v1";

    public enum DocumentKind
    {
        Index,
        Manifest,
    }

    public static DocumentKind Classify(byte[] content, string? contentType)
    {
        var probe = Deserialize(content, ImageJsonContext.Default.ManifestProbe, "manifest");
        var mediaType = probe.MediaType ?? contentType;
        if (mediaType?.StartsWith(Schema1, StringComparison.Ordinal) == true || probe.SchemaVersion == 1)
        {
            throw Invalid("Docker schema 1 manifests are not supported; push the image again with a current client");
        }

        if (probe.SchemaVersion != 2)
        {
            throw Invalid($"unsupported manifest schemaVersion {probe.SchemaVersion}");
        }

        if (MediaTypes.IsIndex(probe.MediaType) || (probe.MediaType is null && probe.Manifests is not null && probe.Config is null))
        {
            return DocumentKind.Index;
        }

        if (MediaTypes.IsManifest(probe.MediaType) || (probe.MediaType is null && probe.Config is not null))
        {
            return DocumentKind.Manifest;
        }

        if (probe.MediaType is null && MediaTypes.IsIndex(contentType))
        {
            return DocumentKind.Index;
        }

        if (probe.MediaType is null && MediaTypes.IsManifest(contentType))
        {
            return DocumentKind.Manifest;
        }

        throw Invalid($"unsupported manifest media type \"{probe.MediaType ?? contentType}\"");
    }

    public static ImageIndex ParseIndex(byte[] content)
    {
        var index = Deserialize(content, ImageJsonContext.Default.ImageIndex, "index");
        if (index.Manifests is null)
        {
            throw Invalid("index has no manifests");
        }

        foreach (var descriptor in index.Manifests)
        {
            ValidateDescriptor(descriptor, "index entry");
        }

        return index;
    }

    public static ImageManifest ParseManifest(byte[] content)
    {
        var manifest = Deserialize(content, ImageJsonContext.Default.ImageManifest, "manifest");
        if (manifest.Config is null)
        {
            throw Invalid("manifest has no config");
        }

        ValidateDescriptor(manifest.Config, "config");
        if (manifest.Config.Size > MaxConfigSize)
        {
            throw Invalid($"config is {manifest.Config.Size} bytes, more than the {MaxConfigSize} allowed");
        }

        if (manifest.Config.MediaType is { } configType && !MediaTypes.IsConfig(configType))
        {
            throw Invalid($"manifest config has media type \"{configType}\", which is not an image config (an artifact, not an image?)");
        }

        var layers = manifest.Layers ?? [];
        if (layers.Count > MaxLayers)
        {
            throw Invalid($"manifest has {layers.Count} layers, more than the {MaxLayers} allowed");
        }

        foreach (var layer in layers)
        {
            ValidateDescriptor(layer, "layer");
            if (!MediaTypes.IsLayer(layer.MediaType))
            {
                throw Invalid($"layer {layer.Digest} has unsupported media type \"{layer.MediaType}\"");
            }
        }

        return manifest;
    }

    public static ImageConfig ParseConfig(byte[] content, int layerCount)
    {
        var config = Deserialize(content, ImageJsonContext.Default.ImageConfig, "image config");
        var diffIds = config.RootFs?.DiffIds ?? [];
        if (diffIds.Count != layerCount)
        {
            throw Invalid($"image config lists {diffIds.Count} diff ids for {layerCount} layers");
        }

        foreach (var diffId in diffIds)
        {
            if (!Digest.TryParse(diffId, out var parsed) || parsed.Algorithm != "sha256")
            {
                throw Invalid($"image config has an invalid diff id \"{Shorten(diffId)}\"");
            }
        }

        return config;
    }

    /// <summary>chain[0] = diff[0]; chain[n] = sha256(chain[n-1] + " " + diff[n]), as the OCI image spec defines.</summary>
    public static IReadOnlyList<string> ChainIds(IReadOnlyList<string> diffIds)
    {
        var result = new List<string>(diffIds.Count);
        string? previous = null;
        foreach (var diffId in diffIds)
        {
            previous = previous is null
                ? diffId
                : Digest.Sha256Of(System.Text.Encoding.ASCII.GetBytes($"{previous} {diffId}")).ToString();
            result.Add(previous);
        }

        return result;
    }

    private static T Deserialize<T>(byte[] content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(content, typeInfo) ?? throw Invalid($"{what} is null");
        }
        catch (JsonException e)
        {
            throw Invalid($"{what} is not valid JSON ({e.Message})");
        }
    }

    private static void ValidateDescriptor(Descriptor descriptor, string what)
    {
        if (!Digest.TryParse(descriptor.Digest, out _))
        {
            throw Invalid($"{what} has an invalid digest \"{Shorten(descriptor.Digest)}\"");
        }

        if (descriptor.Size < 0)
        {
            throw Invalid($"{what} {descriptor.Digest} has a negative size");
        }
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length > 80 ? value[..80] + "…" : value;

    private static CriException Invalid(string message) => new(ErrorKind.FailedPrecondition, "malformed image: " + message);
}
