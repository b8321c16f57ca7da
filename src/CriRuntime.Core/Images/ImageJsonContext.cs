using System.Text.Json.Serialization;
using CriRuntime.Core.Images.Models;
using CriRuntime.Core.Images.Registry;

namespace CriRuntime.Core.Images;

/// <summary>Source-generated JSON for registry documents and the image records.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = 64,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(SnapshotLease))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ImageVerboseInfo))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;
