namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>
    /// Removes an image with all its tags and digests, then what only it used. Removing an image that is not there
    /// succeeds. Snapshots a container holds stay until the container releases them.
    /// </summary>
    public bool Remove(string nameOrId)
    {
        var image = _images.Resolve(nameOrId);
        if (image is null || !_images.Remove(image.Id))
        {
            return false;
        }

        Log.Removed(_logger, image.Id);
        _gc.Collect();
        return true;
    }
}
