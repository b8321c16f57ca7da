namespace CriRuntime.Core.Images;

public sealed partial class ImageManager
{
    /// <summary>Every image, or only the one the filter names (none if it names nothing present).</summary>
    public IReadOnlyList<ImageRecord> List(string? filter = null)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return [.. _images.List().OrderBy(i => i.PulledAt)];
        }

        return _images.Resolve(filter) is { } image ? [image] : [];
    }
}
