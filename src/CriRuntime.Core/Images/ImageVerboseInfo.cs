using System.Text.Json;
using System.Text.Json.Serialization;

namespace CriRuntime.Core.Images;

/// <summary>What ImageStatus reports under <c>info["info"]</c> when asked to be verbose.</summary>
public sealed record ImageVerboseInfo
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("manifestDigest")]
    public required string ManifestDigest { get; init; }

    [JsonPropertyName("manifestMediaType")]
    public required string ManifestMediaType { get; init; }

    [JsonPropertyName("indexDigests")]
    public IReadOnlyList<string> IndexDigests { get; init; } = [];

    [JsonPropertyName("configDigest")]
    public required string ConfigDigest { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("platform")]
    public string? Platform { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<LayerRecord> Layers { get; init; } = [];

    [JsonPropertyName("pulledAt")]
    public DateTimeOffset PulledAt { get; init; }

    [JsonPropertyName("imageSpec")]
    public JsonElement? ImageSpec { get; init; }
}
