using System.Text;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Content;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Core.Tests.Images;

public sealed class ContentVerificationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("criruntime-content-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_correct_blob_is_stored_under_its_digest()
    {
        var content = Encoding.UTF8.GetBytes("hello");
        var digest = Digest.Sha256Of(content);
        var store = new ContentStore(_root, FakeHostFiles.Shared);
        await store.IngestAsync(digest, content.Length, new MemoryStream(content), default);
        Assert.True(store.Exists(digest));
        Assert.Equal(content, await store.TryReadAsync(digest, 100, default));
        Assert.Empty(Directory.EnumerateFiles(store.IngestDirectory));
    }

    [Fact]
    public async Task A_wrong_digest_leaves_nothing()
    {
        var digest = Digest.Sha256Of("hello"u8);
        var store = new ContentStore(_root, FakeHostFiles.Shared);
        var error = await Assert.ThrowsAsync<CriException>(() => store.IngestAsync(digest, 5, new MemoryStream("HELLO"u8.ToArray()), default));
        Assert.Contains("wrong digest", error.Message, StringComparison.Ordinal);
        Assert.False(store.Exists(digest));
        Assert.Empty(Directory.EnumerateFiles(store.IngestDirectory));
    }

    [Fact]
    public async Task A_truncated_blob_leaves_nothing()
    {
        var digest = Digest.Sha256Of("hello"u8);
        var store = new ContentStore(_root, FakeHostFiles.Shared);
        var error = await Assert.ThrowsAsync<CriException>(() => store.IngestAsync(digest, 5, new MemoryStream("hel"u8.ToArray()), default));
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.False(store.Exists(digest));
    }

    [Fact]
    public async Task A_blob_longer_than_declared_is_refused_as_soon_as_it_overflows()
    {
        var digest = Digest.Sha256Of("hello"u8);
        using var stream = new VerifyingStream(new MemoryStream("hello world"u8.ToArray()), digest, 5, "blob");
        var buffer = new byte[100];
        await Assert.ThrowsAsync<CriException>(async () =>
        {
            var read = await stream.ReadAsync(buffer);
            Assert.Fail($"read {read} bytes");
        });
    }

    [Fact]
    public async Task A_blob_corrupted_on_disk_reads_as_missing()
    {
        var content = "hello"u8.ToArray();
        var digest = Digest.Sha256Of(content);
        var store = new ContentStore(_root, FakeHostFiles.Shared);
        await store.WriteAsync(digest, content, default);
        await File.WriteAllTextAsync(store.PathOf(digest), "jello");
        Assert.Null(await store.TryReadAsync(digest, 100, default));
        Assert.False(store.Exists(digest));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:../../../../etc/passwd000000000000000000000000000000000000000")]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public void Digests_that_could_escape_or_lie_are_refused(string value)
    {
        Assert.False(Digest.TryParse(value, out _));
    }

    [Fact]
    public void Chain_ids_follow_the_spec()
    {
        var a = "sha256:" + new string('a', 64);
        var b = "sha256:" + new string('b', 64);
        var chain = ManifestParser.ChainIds([a, b]);
        Assert.Equal(a, chain[0]);
        Assert.Equal(Digest.Sha256Of(Encoding.ASCII.GetBytes($"{a} {b}")).ToString(), chain[1]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"digest\":\"sha256:x\",\"size\":1}}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}")]
    public void Malformed_manifests_are_refused_with_a_clear_error(string json)
    {
        var error = Assert.Throws<CriException>(() =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            if (ManifestParser.Classify(bytes, null) == ManifestParser.DocumentKind.Manifest)
            {
                ManifestParser.ParseManifest(bytes);
            }
        });
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("malformed image", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData("1002", 1002L, "")]
    [InlineData("1002:1002", 1002L, "")]
    [InlineData("www-data", null, "www-data")]
    [InlineData("www-data:www-data", null, "www-data")]
    public void Image_users_map_to_uid_or_username(string? user, long? uid, string username)
    {
        Assert.Equal((uid, username), ImageManager.ParseUser(user));
    }
}
