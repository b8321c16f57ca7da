using System.Text.Json;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using Xunit;

namespace CriRuntime.Core.Tests.Containers;

/// <summary>Image volumes (CRI Mount.image) in the spec, the record and the holds, with fakes.</summary>
public sealed class ImageVolumeTests : IDisposable
{
    private readonly FakeHost _host = new();

    public ImageVolumeTests() => _host.Mounter.ReadOnlyContent = root => Directory.CreateDirectory(Path.Combine(root, "etc/conf"));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task An_image_volume_is_a_read_only_bind_of_its_mount_held_until_remove_and_reported_with_its_digest()
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var id = await _host.Containers.CreateAsync(
            _host.Container(pod, "c") with
            {
                Mounts =
                [
                    new MountRequest { ContainerPath = "/whole", HostPath = "", Image = "busybox" },
                    new MountRequest { ContainerPath = "/conf", HostPath = "", Image = "busybox", ImageSubPath = "etc/conf" },
                ],
            },
            default);

        var spec = JsonDocument.Parse(_host.Containers.ReadSpecJson(id)!).RootElement;
        var mounts = spec.GetProperty("mounts").EnumerateArray().ToDictionary(m => m.GetProperty("destination").GetString()!);
        var volumes = _host.Paths.ImageVolumeDir(id);
        Assert.Equal(Path.Combine(volumes, "0"), mounts["/whole"].GetProperty("source").GetString());
        Assert.Equal(Path.Combine(volumes, "1", "etc/conf"), mounts["/conf"].GetProperty("source").GetString());
        Assert.Contains("ro", mounts["/conf"].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Contains(Path.Combine(volumes, "1"), _host.Mounter.Mounted);
        Assert.Contains(id + ".volume-1", _host.Images.Held);
        var reported = _host.Containers.Status(id).Mounts.Single(m => m.ContainerPath == "/conf");
        Assert.Equal("busybox@sha256:" + new string('b', 64), reported.ImageRef);
        Assert.Equal("", reported.HostPath);

        await _host.Containers.RemoveAsync(id, default);

        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Images.Held);
        Assert.False(Directory.Exists(volumes));
    }

    [Theory]
    [InlineData("missing:1.0", "", ErrorKind.NotFound, "image \"missing:1.0\" not found")]
    [InlineData("busybox", "../..", ErrorKind.InvalidArgument, "image_sub_path")]
    [InlineData("busybox", "etc/none", ErrorKind.NotFound, "image_sub_path \"etc/none\" does not exist")]
    public async Task A_missing_image_or_a_bad_sub_path_fails_the_create_and_leaves_nothing(string image, string subPath, ErrorKind kind, string message)
    {
        var pod = await _host.Sandboxes.RunAsync(_host.Sandbox("p"), default);
        var request = _host.Container(pod, "c") with
        {
            Mounts = [new MountRequest { ContainerPath = "/v", HostPath = "", Image = image, ImageSubPath = subPath }],
        };

        var error = await Assert.ThrowsAsync<CriException>(() => _host.Containers.CreateAsync(request, default));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Mounter.Mounted);
        Assert.Empty(_host.Images.Held);
        Assert.False(Directory.Exists(Path.Combine(_host.Config.State, "imagevolumes")) && Directory.EnumerateFileSystemEntries(Path.Combine(_host.Config.State, "imagevolumes")).Any());
    }
}
