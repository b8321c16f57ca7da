namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>
    /// Removes an image with all its tags and digests, then what only it used. Removing an image that is not there
    /// succeeds. Snapshots a container holds stay until the container releases them. An image a container mounts as
    /// an image volume is not removed: FailedPrecondition naming the container.
    /// </summary>
    public bool Remove(string nameOrId)
    {
        var image = _images.Resolve(nameOrId);
        if (image is null)
        {
            return false;
        }

        if (_gc.VolumeUsers(image.Id) is [var user, ..])
        {
            throw new Errors.CriException(
                Errors.ErrorKind.FailedPrecondition,
                $"image \"{nameOrId}\" ({image.Id}) is in use: container {user} mounts it as an image volume");
        }

        if (!_images.Remove(image.Id))
        {
            return false;
        }

        Log.Removed(_logger, image.Id);
        _gc.Collect();
        return true;
    }
}
