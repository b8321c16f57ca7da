using System.Net;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Content;
using CriRuntime.Core.Images.Registry;
using CriRuntime.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CriRuntime.Core.Tests.Images;

/// <summary>
/// The pull pipeline (reference, manifest or index, config, layers through verification and decompression into
/// snapshots, records) against an in-process registry behind <see cref="RegistryHttp"/>.
/// </summary>
public sealed class PullPipelineTests : IDisposable
{
    private readonly FixtureTree _root = new("criruntime-pull-");
    private readonly RecordingSnapshots _snapshots = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_tag_pulls_manifest_config_and_layers_into_the_stores()
    {
        var image = Image("one");
        var registry = new FakeRegistryHandler().Image(image, "v1");
        var (images, content, store) = Open(registry);

        var record = await images.PullAsync("registry.test/library/app:v1", null, CancellationToken.None);

        Assert.Equal(image.Config().Digest, record.Id);
        Assert.Equal(image.Manifest().Digest, record.ManifestDigest);
        Assert.Equal(record.Layers.Select(l => l.ChainId).Order(StringComparer.Ordinal), _snapshots.Created.Order(StringComparer.Ordinal));
        Assert.NotNull(await content.TryReadAsync(Digest.Parse(record.ManifestDigest), 1 << 20, CancellationToken.None));
        Assert.Equal(record, store.Resolve("registry.test/library/app:v1"));
    }

    [Fact]
    public async Task An_index_pulls_only_the_manifest_of_this_platform()
    {
        var amd64 = Image("amd64");
        var arm64 = Image("arm64", "arm64");
        var index = ImageBuilder.Index((amd64.Manifest(), amd64.Platform()), (arm64.Manifest(), arm64.Platform()));
        var registry = new FakeRegistryHandler().Image(amd64).Image(arm64).Manifest(index, "multi");
        var (images, _, _) = Open(registry);

        var record = await images.PullAsync("registry.test/library/app:multi", null, CancellationToken.None);

        Assert.Equal(amd64.Config().Digest, record.Id);
        Assert.Equal([index.Digest], record.IndexDigests);
        Assert.DoesNotContain(registry.Requests, r => r.Url.AbsolutePath.EndsWith(arm64.Manifest().Digest, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_layer_whose_bytes_do_not_match_its_digest_fails_the_pull_and_leaves_nothing()
    {
        var image = Image("tampered");
        var layer = image.Layers[0];
        var tampered = (byte[])layer.Content.Clone();
        tampered[^1] ^= 0xff;
        var registry = new FakeRegistryHandler().Image(image, "v1").Blob(layer, tampered);
        var (images, content, store) = Open(registry);

        var e = await Assert.ThrowsAsync<CriException>(() => images.PullAsync("registry.test/library/app:v1", null, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
        Assert.Contains(layer.Digest, e.Message, StringComparison.Ordinal);
        Assert.Empty(store.List());
        Assert.Empty(_snapshots.Created);
        Assert.Empty(Directory.EnumerateFileSystemEntries(content.IngestDirectory));
    }

    [Fact]
    public async Task A_401_is_answered_with_a_token_from_the_challenges_realm_for_the_repository_scope()
    {
        var registry = new FakeRegistryHandler { Token = "t0ken" }.Image(Image("private"), "v1");
        var (images, _, _) = Open(registry);

        await images.PullAsync("registry.test/library/app:v1", null, CancellationToken.None);

        var token = Assert.Single(registry.Requests, r => r.Url.Host == "auth.registry.test");
        Assert.Contains("scope=repository%3Alibrary%2Fapp%3Apull", token.Url.Query, StringComparison.Ordinal);
        Assert.Contains("service=registry.test", token.Url.Query, StringComparison.Ordinal);
        Assert.Null(token.Authorization);
        Assert.All(registry.Requests.Where(r => r.Url.Host == "registry.test").Skip(1), r => Assert.Equal("Bearer t0ken", r.Authorization));
    }

    [Fact]
    public async Task A_token_service_that_refuses_is_permission_denied()
    {
        var registry = new FakeRegistryHandler { Token = "t0ken", TokenStatus = HttpStatusCode.Forbidden }.Image(Image("private"), "v1");
        var (images, _, store) = Open(registry);

        var e = await Assert.ThrowsAsync<CriException>(() => images.PullAsync("registry.test/library/app:v1", null, CancellationToken.None));

        Assert.Equal(ErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("403", e.Message, StringComparison.Ordinal);
        Assert.Empty(store.List());
    }

    public void Dispose() => _root.Dispose();

    private static ImageBuilder Image(string marker, string architecture = "amd64") =>
        new ImageBuilder { Architecture = architecture }
            .Layer(new LayerBuilder().File("marker", marker).Build(Compression.Gzip))
            .Layer(new LayerBuilder().File("etc/os-release", "ID=test\n").Build(Compression.None));

    private (ImageManager Images, ContentStore Content, ImageStore Store) Open(FakeRegistryHandler registry)
    {
        var store = new ImageStore(_root["metadata/images"], FakeHostFiles.Shared, _time);
        var content = new ContentStore(_root["content"], FakeHostFiles.Shared);
        var gc = new ImageGarbageCollector(store, content, _snapshots, _root["metadata/leases"], NullLogger.Instance, FakeHostFiles.Shared, _time);
        var images = new ImageManager(
            store,
            content,
            _snapshots,
            gc,
            new RegistryConfigLoader(_root["registries.d"], FakeHostFiles.Shared),
            new RegistryHttp(_ => registry, FakeHostFiles.Shared),
            new PlatformMatcher("linux", "amd64", null),
            new ImageManagerOptions { StallTimeout = TimeSpan.FromSeconds(30) },
            NullLogger<ImageManager>.Instance,
            FakeHostFiles.Shared,
            _time);
        images.Initialize();
        return (images, content, store);
    }

    /// <summary>Snapshots in memory: the tar is read to its end and verified as the real store does.</summary>
    private sealed class RecordingSnapshots : ISnapshotStore
    {
        private readonly Dictionary<string, SnapshotInfo> _snapshots = new(StringComparer.Ordinal);

        public string Root => "/nonexistent/snapshots";

        public List<string> Created { get; } = [];

        public bool Exists(string chainId)
        {
            lock (_snapshots)
            {
                return _snapshots.ContainsKey(chainId);
            }
        }

        public IReadOnlyCollection<SnapshotInfo> List()
        {
            lock (_snapshots)
            {
                return [.. _snapshots.Values];
            }
        }

        public async Task<SnapshotInfo> CreateAsync(string chainId, Stream tar, Func<CancellationToken, Task> verify, CancellationToken cancellationToken)
        {
            await tar.CopyToAsync(Stream.Null, cancellationToken);
            await verify(cancellationToken);
            lock (_snapshots)
            {
                Created.Add(chainId);
                return _snapshots[chainId] = new SnapshotInfo(chainId, 4096, 1);
            }
        }

        public bool Remove(string chainId)
        {
            lock (_snapshots)
            {
                Created.Remove(chainId);
                return _snapshots.Remove(chainId);
            }
        }

        public string GetLayerPath(string chainId) => Path.Combine(Root, chainId);

        public Task WriteTarAsync(string chainId, Stream destination, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the pull tests export nothing");

        public void CleanTemporary()
        {
        }
    }
}
