using System.Text.Json.Serialization;

namespace CriRuntime.Core.Images.Models;

// The JSON documents of the OCI image spec (and Docker schema 2, which has the same shape).
// Unknown fields are ignored; what the runtime relies on is validated by ManifestParser.

public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }
}

public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    public override string ToString() =>
        string.IsNullOrEmpty(Variant) ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public IReadOnlyList<Descriptor>? Manifests { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("config")]
    public Descriptor? Config { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<Descriptor>? Layers { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>Only enough of a manifest to tell what kind of document it is.</summary>
public sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public IReadOnlyList<Descriptor>? Manifests { get; init; }

    [JsonPropertyName("config")]
    public Descriptor? Config { get; init; }
}

public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public RootFs? RootFs { get; init; }

    [JsonPropertyName("history")]
    public IReadOnlyList<HistoryEntry>? History { get; init; }
}

public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    [JsonPropertyName("ExposedPorts")]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    [JsonPropertyName("Volumes")]
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }
}

/// <summary>The <c>{}</c> values of ExposedPorts and Volumes.</summary>
public sealed record EmptyObject;

public sealed record RootFs
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<string>? DiffIds { get; init; }
}

public sealed record HistoryEntry
{
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool EmptyLayer { get; init; }
}
