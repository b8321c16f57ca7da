namespace CriRuntime.Core.Containers;

/// <summary>Used when the daemon runs without an image service: every image is missing.</summary>
public sealed class NoContainerImages : IContainerImages
{
    public Task<ContainerImage?> ResolveAsync(string nameOrId, CancellationToken cancellationToken) => Task.FromResult<ContainerImage?>(null);

    public void Hold(string containerId, string imageId)
    {
    }

    public void HoldVolume(string containerId, int index, string imageId)
    {
    }

    public void Release(string containerId)
    {
    }
}
