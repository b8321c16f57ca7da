using System.Runtime.InteropServices;

namespace CriRuntime.Linux.Interop;

internal static partial class Native
{
    /// <summary>mount_setattr(2) is syscall 442 on every architecture.</summary>
    private const long SysMountSetattr = 442;
    private const ulong MOUNT_ATTR_IDMAP = 0x00100000;
    private const uint AT_EMPTY_PATH = 0x1000;

    /// <summary>
    /// mount_setattr(2) with MOUNT_ATTR_IDMAP on a detached mount from <see cref="OpenTreeClone"/>: files owned by
    /// id N on disk are seen as the id the user namespace at <paramref name="userNamespace"/> maps N to, and ids
    /// written through the mount are mapped back. The kernel refuses file systems without idmap support (EINVAL).
    /// </summary>
    public static unsafe void MountSetattrIdmap(SafeHandle tree, SafeHandle userNamespace, string what)
    {
        var attr = new MountAttr { AttrSet = MOUNT_ATTR_IDMAP, UsernsFd = (ulong)userNamespace.DangerousGetHandle() };
        byte empty = 0;
        if (mount_setattr(SysMountSetattr, (int)tree.DangerousGetHandle(), &empty, AT_EMPTY_PATH, &attr, (nuint)sizeof(MountAttr)) != 0)
        {
            throw Error("mount_setattr(MOUNT_ATTR_IDMAP)", what);
        }
    }

    /// <summary>struct mount_attr of linux/mount.h (MOUNT_ATTR_SIZE_VER0, 32 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong AttrSet;
        public ulong AttrClr;
        public ulong Propagation;
        public ulong UsernsFd;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long mount_setattr(long number, int dirFd, byte* path, uint flags, MountAttr* attr, nuint size);
}
