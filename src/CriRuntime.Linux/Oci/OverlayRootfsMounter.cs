using CriRuntime.Core.Containers;
using CriRuntime.Linux.Namespaces;
using CriRuntime.Linux.Snapshots;

namespace CriRuntime.Linux.Oci;

/// <summary>Container root filesystems through the snapshot code's <see cref="OverlayMount"/>.</summary>
public sealed class OverlayRootfsMounter : IRootfsMounter
{
    public void Mount(IReadOnlyList<string> lowerDirs, string upperDir, string workDir, string target) =>
        OverlayMount.Mount(lowerDirs, upperDir, workDir, target);

    public void MountReadOnly(IReadOnlyList<string> lowerDirs, string target) => OverlayMount.MountReadOnly(lowerDirs, target);

    public bool Unmount(string target) => OverlayMount.Unmount(target);

    public bool IsMounted(string target) => MountTable.IsMountPoint(target);
}
