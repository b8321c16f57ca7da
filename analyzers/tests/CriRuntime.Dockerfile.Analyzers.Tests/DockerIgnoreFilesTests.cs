using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class DockerIgnoreFilesTests
{
    private readonly DockerIgnoreFiles _files = new(
    [
        ("/repo/.dockerignore", "context"),
        ("/repo/Dockerfile.prod.dockerignore", "own"),
        ("/repo/.hadolint.yaml", "not an ignore file"),
    ]);

    [Fact]
    public void Dockerfiles_own_ignore_file_wins() => Assert.Equal("own", _files.For("/repo/Dockerfile.prod"));

    [Fact]
    public void Otherwise_the_directorys_ignore_file_applies() => Assert.Equal("context", _files.For("/repo/Dockerfile"));

    [Fact]
    public void None_elsewhere() => Assert.Null(_files.For("/repo/svc/Dockerfile"));
}
