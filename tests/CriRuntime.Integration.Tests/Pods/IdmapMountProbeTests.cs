using CriRuntime.Linux.Namespaces;
using Xunit;

namespace CriRuntime.Integration.Tests.Pods;

/// <summary>The start-up probe behind <c>user_namespaces</c>, on this host's file systems (root only).</summary>
public sealed class IdmapMountProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-idmap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ext4_is_id_mapped_and_sysfs_is_not()
    {
        Assert.Null(await IdmapMountProbe.CheckAsync(Path.Combine(_dir, "root"), default));
        Assert.True(Directory.Exists(Path.Combine(_dir, "root")));

        var sysfs = await IdmapMountProbe.CheckAsync("/sys/kernel", default);
        Assert.NotNull(sysfs);
        Assert.Contains("mount_setattr(MOUNT_ATTR_IDMAP)(/sys/kernel)", sysfs, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_directory_others_cannot_search_is_named()
    {
        var state = Directory.CreateDirectory(Path.Combine(_dir, "state", "sub")).FullName;
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.StartsWith(_dir + " is not searchable by other users", IdmapMountProbe.UnsearchableAncestor(state), StringComparison.Ordinal);

        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        Assert.Null(IdmapMountProbe.UnsearchableAncestor(state));
        Assert.Null(IdmapMountProbe.UnsearchableAncestor(Path.Combine(state, "not-made-yet")));
    }
}
