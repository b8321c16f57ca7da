using CriRuntime.Core.Errors;
using CriRuntime.Core.Runtime;

namespace CriRuntime.Core.Spec;

/// <summary>Checks of CRI mounts that depend on the runtime handler, before anything is created.</summary>
public static class MountRules
{
    /// <summary>
    /// A recursive read-only mount (CRI <c>Mount.recursive_read_only</c>, KEP-3857) must be read-only and private,
    /// as kubelet validates, and needs a handler that supports it; otherwise InvalidArgument naming the mount.
    /// </summary>
    public static void Check(IEnumerable<MountRequest> mounts, string handler, HandlerFeatures features)
    {
        foreach (var mount in mounts.Where(m => m.RecursiveReadOnly))
        {
            if (!mount.ReadOnly)
            {
                throw CriException.InvalidArgument($"mount \"{mount.ContainerPath}\": recursive_read_only needs readonly");
            }

            if (mount.Propagation != MountPropagation.Private)
            {
                throw CriException.InvalidArgument(
                    $"mount \"{mount.ContainerPath}\": recursive_read_only needs private propagation, not {mount.Propagation}");
            }

            if (!features.RecursiveReadOnlyMounts)
            {
                throw CriException.InvalidArgument(
                    $"mount \"{mount.ContainerPath}\": recursive_read_only is not supported by runtime handler \"{handler}\" "
                    + "(its OCI runtime lacks the rro mount option or the kernel lacks mount_setattr)");
            }
        }
    }
}
