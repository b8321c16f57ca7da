using System.Globalization;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>
/// Image volumes (CRI <c>Mount.image</c>, KEP-4639): an image already on the node mounted read-only into a
/// container. Each gets a read-only overlay of the image's snapshots under <see cref="RuntimePaths.ImageVolumeDir"/>,
/// which the OCI runtime binds (the whole image, or <c>image_sub_path</c> resolved inside it); the image is held
/// (snapshots kept, RemoveImage refused) until the container is removed.
/// </summary>
public sealed partial class ContainerManager
{
    /// <summary>
    /// The mounts with each image volume mounted and its <see cref="MountRequest.HostPath"/> set to what the runtime
    /// binds (read-only), <see cref="MountRequest.ImageRef"/> to the image it resolved to. A missing image is
    /// NotFound naming it and the mount.
    /// </summary>
    private async Task<List<MountRequest>> PrepareImageVolumesAsync(string id, IReadOnlyList<MountRequest> mounts, UndoStack undo, CancellationToken cancellationToken)
    {
        var result = new List<MountRequest>(mounts.Count);
        var dir = _paths.ImageVolumeDir(id);
        undo.Push(() => ReleaseMountDirectory(dir));
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            if (mount.Image.Length == 0)
            {
                result.Add(mount);
                continue;
            }

            var image = await _images.ResolveAsync(mount.Image, cancellationToken)
                ?? throw CriException.NotFound($"mount \"{SafeText.Clip(mount.ContainerPath)}\": image \"{SafeText.Clip(mount.Image)}\" not found: pull it first");
            _images.HoldVolume(id, i, image.Id);
            var target = Path.Combine(dir, i.ToString(CultureInfo.InvariantCulture));
            _rootfs.MountReadOnly(image.LowerDirs, target);
            var source = mount.ImageSubPath.Length > 0 ? ImageSubPath.Resolve(target, mount.ImageSubPath, mount.ContainerPath, _files) : target;
            result.Add(mount with { HostPath = source, ReadOnly = true, ImageRef = image.Ref });
        }

        return result;
    }

    /// <summary>
    /// Detaches and removes the mounts under <paramref name="dir"/> and then the directory. Entries are removed one by
    /// one, never recursively: one still mounted (EBUSY) stays, with what is behind it untouched.
    /// </summary>
    private void ReleaseMountDirectory(string dir)
    {
        if (!_files.DirectoryExists(dir))
        {
            return;
        }

        foreach (var entry in _files.EnumerateEntries(dir))
        {
            _rootfs.Unmount(entry);
            if (_files.DirectoryExists(entry))
            {
                _files.DeleteDirectory(entry);
            }
            else
            {
                _files.DeleteFile(entry);
            }
        }

        _files.DeleteDirectory(dir);
    }
}
