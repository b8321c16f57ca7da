using CriRuntime.Core.Images;

using Xunit;

namespace CriRuntime.Core.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36")]
    [InlineData("library/busybox", "docker.io/library/busybox:latest")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest")]
    [InlineData("index.docker.io/library/busybox:1", "docker.io/library/busybox:1")]
    [InlineData("registry-1.docker.io/foo/bar", "docker.io/foo/bar:latest")]
    [InlineData("foo/bar", "docker.io/foo/bar:latest")]
    [InlineData("gcr.io/k8s-staging-cri-tools/test-image-1", "gcr.io/k8s-staging-cri-tools/test-image-1:latest")]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10")]
    [InlineData("localhost/foo", "localhost/foo:latest")]
    [InlineData("localhost:5000/foo:tag", "localhost:5000/foo:tag")]
    [InlineData("127.0.0.1:5000/a/b/c", "127.0.0.1:5000/a/b/c:latest")]
    [InlineData("[::1]:5000/foo", "[::1]:5000/foo:latest")]
    [InlineData("Registry.Example/foo", "Registry.Example/foo:latest")]
    [InlineData("a.b/c__d-e.f/g", "a.b/c__d-e.f/g:latest")]
    [InlineData("busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "docker.io/library/busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "docker.io/library/busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost:5000", "docker.io/library/localhost:5000")]
    public void Normalises_as_docker_does(string input, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(input).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Busybox")]
    [InlineData("busybox:")]
    [InlineData("busybox:-tag")]
    [InlineData("busybox@sha256:abc")]
    [InlineData("busybox@md5:0123456789abcdef0123456789abcdef")]
    [InlineData("/busybox")]
    [InlineData("busybox/")]
    [InlineData("a//b")]
    [InlineData("foo/../bar")]
    [InlineData("busybox\n")]
    [InlineData("busy box")]
    [InlineData("-a.b/c")]
    [InlineData("a.b/c_-d")]
    public void Refuses_invalid_references(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_reference_with_a_digest_has_no_repo_tag_and_asks_for_the_digest()
    {
        var reference = ImageReference.Parse("busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        Assert.Null(reference.RepoTag);
        Assert.Equal("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", reference.ManifestReference);
        Assert.Equal("docker.io/library/busybox", reference.Repository);
    }

    [Fact]
    public void A_tagged_reference_has_its_repo_tag()
    {
        var reference = ImageReference.Parse("quay.io/a/b:v1");
        Assert.Equal("quay.io/a/b:v1", reference.RepoTag);
        Assert.Equal("v1", reference.ManifestReference);
        Assert.Equal("quay.io", reference.Domain);
        Assert.Equal("a/b", reference.Path);
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("busybox", false)]
    public void Tells_ids_from_names(string value, bool isId)
    {
        Assert.Equal(isId, ImageReference.LooksLikeId(value));
    }
}
