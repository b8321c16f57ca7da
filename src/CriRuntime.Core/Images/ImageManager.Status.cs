using System.Text.Json;

namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>The image a CRI caller names, or null: a missing image is not an error for ImageStatus.</summary>
    public ImageRecord? Find(string nameOrId) => _images.Resolve(nameOrId);

    /// <summary>The verbose description: digests, layers, and the image config as stored.</summary>
    public async Task<string> DescribeAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        JsonElement? spec = null;
        if (Digest.TryParse(image.Id, out var configDigest)
            && await _content.TryReadAsync(configDigest, ManifestParser.MaxConfigSize, cancellationToken) is { } config)
        {
            try
            {
                spec = JsonSerializer.Deserialize(config, ImageJsonContext.Default.JsonElement);
            }
            catch (JsonException)
            {
            }
        }

        var info = new ImageVerboseInfo
        {
            Id = image.Id,
            ManifestDigest = image.ManifestDigest,
            ManifestMediaType = image.ManifestMediaType,
            IndexDigests = image.IndexDigests,
            ConfigDigest = image.Id,
            Size = image.Size,
            Platform = image.Platform?.ToString(),
            Layers = image.Layers,
            PulledAt = image.PulledAt,
            ImageSpec = spec,
        };
        return JsonSerializer.Serialize(info, ImageJsonContext.Default.ImageVerboseInfo);
    }

    /// <summary>
    /// The user an image runs as, as kubelet wants it: a numeric user (<c>1002</c> or <c>1002:1002</c>) as uid,
    /// a name (<c>www-data</c>) as username, nothing for an image without USER.
    /// </summary>
    public static (long? Uid, string Username) ParseUser(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return (null, "");
        }

        var name = user.Split(':', 2)[0];
        return long.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid)
            ? (uid, "")
            : (null, name);
    }
}
