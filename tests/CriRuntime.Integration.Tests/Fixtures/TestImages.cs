using System.Text.Json.Nodes;
using Xunit;

namespace CriRuntime.Integration.Tests.Fixtures;

/// <summary>
/// One registry for the image tests, with the test images pushed once: busybox under several tags, images sharing
/// the busybox base layer, a multi-platform index, whiteouts, users, large layers, zstd and Docker schema 2.
/// </summary>
public sealed class TestImages : IAsyncLifetime
{
    public RegistryProcess Registry { get; private set; } = null!;

    public (Blob Blob, string DiffId) Base { get; private set; }

    public string BusyboxManifest { get; private set; } = "";

    public string BusyboxConfig { get; private set; } = "";

    public string MultiIndex { get; private set; } = "";

    public string MultiAmd64Manifest { get; private set; } = "";

    public string Host => Registry.Host;

    public async Task InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync();
        using var push = new RegistryPusher(Registry.BaseUri);
        Base = BusyboxLayer.Create().Build();
        var busybox = new ImageBuilder().Layer(Base);
        BusyboxManifest = await push.PushImageAsync("test/busybox", busybox, "1.0", "latest");
        BusyboxConfig = busybox.Config().Digest;
        await push.PushImageAsync("library/busybox", busybox, "1.0");
        await push.PushImageAsync("mirror-path/busybox", busybox, "1.0");

        var v2 = new ImageBuilder().Layer(Base).Layer(new LayerBuilder().File("etc/version", "2\n").Build());
        await push.PushImageAsync("test/busybox", v2, "2.0");

        await push.PushImageAsync("test/shared-a", new ImageBuilder().Layer(Base).Layer(new LayerBuilder().File("a", "a\n").Build()), "latest");
        await push.PushImageAsync("test/shared-b", new ImageBuilder().Layer(Base).Layer(new LayerBuilder().File("b", "b\n").Build()), "latest");

        var amd64 = new ImageBuilder().Layer(Base).Label("platform", "amd64");
        var arm64 = new ImageBuilder { Architecture = "arm64" }.Layer(new LayerBuilder().File("arm64", "not for this node\n").Build());
        await push.PushImageAsync("test/multi", amd64);
        await push.PushImageAsync("test/multi", arm64);
        var attestation = new Blob("{}"u8.ToArray(), "application/vnd.oci.image.manifest.v1+json");
        var index = ImageBuilder.Index(
            (arm64.Manifest(), arm64.Platform()),
            (amd64.Manifest(), amd64.Platform()),
            (amd64.Manifest(), new JsonObject { ["os"] = "unknown", ["architecture"] = "unknown" }));
        _ = attestation;
        await push.PushManifestAsync("test/multi", "latest", index);
        MultiIndex = index.Digest;
        MultiAmd64Manifest = amd64.Manifest().Digest;

        var lower = new LayerBuilder()
            .Directory("etc").File("etc/a", "a\n").File("etc/keep", "keep\n")
            .Directory("dir").File("dir/x", "x\n").File("dir/y", "y\n")
            .Directory("gone").File("gone/file", "f\n")
            .Build();
        var upper = new LayerBuilder()
            .File("etc/.wh.a", "")
            .Directory("dir").File("dir/.wh..wh..opq", "").File("dir/z", "z\n")
            .File(".wh.gone", "")
            .Build();
        await push.PushImageAsync("test/whiteout", new ImageBuilder().Layer(Base).Layer(lower).Layer(upper), "latest");

        await push.PushImageAsync("test/user", new ImageBuilder().Layer(Base).User("1002"), "1002");
        await push.PushImageAsync("test/user", new ImageBuilder().Layer(Base).User("www-data"), "www-data");
        await push.PushImageAsync("test/user", new ImageBuilder().Layer(Base).User("1002:1002"), "1002-1002");

        var random = new Random(42);
        var big1 = new byte[24 << 20];
        var big2 = new byte[24 << 20];
        random.NextBytes(big1);
        random.NextBytes(big2);
        await push.PushImageAsync(
            "test/large",
            new ImageBuilder()
                .Layer(Base)
                .Layer(new LayerBuilder().File("big1", big1).Build())
                .Layer(new LayerBuilder().File("big2", big2).Build(Compression.Zstd))
                .Layer(new LayerBuilder().File("zeros", new byte[16 << 20]).Build(Compression.None)),
            "latest");

        await push.PushImageAsync("test/docker", new ImageBuilder { DockerMediaTypes = true }.Layer(Base), "latest");
    }

    public Task DisposeAsync()
    {
        Registry?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ImageCollection : ICollectionFixture<TestImages>
{
    public const string Name = "images";
}
