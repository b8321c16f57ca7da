using CriRuntime.Core.Containers;
using CriRuntime.Core.Spec;

namespace CriRuntime.Linux.Oci;

/// <summary>Host device nodes through statx(2): type, major and minor, mode and owner.</summary>
public sealed class DeviceResolver : IDeviceResolver
{
    private const uint FileTypeMask = 0xF000;
    private const uint CharacterDevice = 0x2000;
    private const uint BlockDevice = 0x6000;

    public DeviceNode? Resolve(string hostPath)
    {
        if (!Interop.Native.TryStatx(hostPath, out var buffer))
        {
            return null;
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
