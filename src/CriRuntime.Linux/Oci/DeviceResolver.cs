using CriRuntime.Core.Containers;
using CriRuntime.Core.Spec;
using Tmds.Linux;

namespace CriRuntime.Linux.Oci;

/// <summary>Host device nodes through statx(2): type, major and minor, mode and owner.</summary>
public sealed class DeviceResolver : IDeviceResolver
{
    private const uint FileTypeMask = 0xF000;
    private const uint CharacterDevice = 0x2000;
    private const uint BlockDevice = 0x6000;

    public unsafe DeviceNode? Resolve(string hostPath)
    {
        var path = Interop.Native.Utf8z(hostPath);
        statx buffer;
        fixed (byte* p = path)
        {
            if (LibC.statx(LibC.AT_FDCWD, p, 0, LibC.STATX_BASIC_STATS, &buffer) != 0)
            {
                return null;
            }
        }

        var type = (buffer.stx_mode & FileTypeMask) switch
        {
            CharacterDevice => 'c',
            BlockDevice => 'b',
            _ => '\0',
        };
        return type == '\0'
            ? null
            : new DeviceNode(type, buffer.stx_rdev_major, buffer.stx_rdev_minor, buffer.stx_mode & 0xFFFu, buffer.stx_uid, buffer.stx_gid);
    }
}
