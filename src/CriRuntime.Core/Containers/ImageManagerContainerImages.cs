using System.Text.Json;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Content;

namespace CriRuntime.Core.Containers;

/// <summary>Containers' view of the image service: <see cref="ImageManager"/> and the image config from the content store.</summary>
public sealed class ImageManagerContainerImages(ImageManager images, ContentStore content) : IContainerImages
{
    private const long MaxConfigSize = 8 * 1024 * 1024;

    public async Task<ContainerImage?> ResolveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var image = images.Find(nameOrId);
        if (image is null)
        {
            return null;
        }

        Images.Models.ImageConfig? config = null;
        if (Digest.TryParse(image.Id, out var digest) && await content.TryReadAsync(digest, MaxConfigSize, cancellationToken) is { } bytes)
        {
            config = JsonSerializer.Deserialize(bytes, ImageJsonContext.Default.ImageConfig);
        }

        return new ContainerImage
        {
            Id = image.Id,
            Ref = image.RepoDigests.FirstOrDefault() ?? image.Id,
            Config = config?.Config,
            LowerDirs = images.GetLayerPaths(image),
        };
    }

    public void Hold(string containerId, string imageId) => images.HoldSnapshots(containerId, imageId);

    public void HoldVolume(string containerId, int index, string imageId) => images.HoldVolume(containerId, index, imageId);

    public void Release(string containerId) => images.ReleaseSnapshots(containerId);
}
