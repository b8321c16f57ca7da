using CriRuntime.Core.Errors;
using CriRuntime.Core.Images.Registry;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Core.Tests.Images;

public sealed class RegistryConfigTests
{
    [Fact]
    public void Defaults_follow_docker()
    {
        Assert.Equal(new Uri("https://registry-1.docker.io"), RegistryConfigLoader.Default("docker.io").Server);
        Assert.Equal(new Uri("https://quay.io"), RegistryConfigLoader.Default("quay.io").Server);
        var local = RegistryConfigLoader.Default("127.0.0.1:5000");
        Assert.Equal(new Uri("http://127.0.0.1:5000"), local.Server);
        Assert.True(local.Insecure);
        Assert.True(RegistryConfigLoader.IsLoopback("localhost:5000"));
        Assert.True(RegistryConfigLoader.IsLoopback("[::1]:5000"));
        Assert.False(RegistryConfigLoader.IsLoopback("10.0.0.1:5000"));
    }

    [Fact]
    public void Parses_mirrors_in_order_then_the_upstream()
    {
        const string Toml = """
            ca_file = "/etc/ca.pem"

            [[mirror]]
            url = "http://127.0.0.1:5000"

            [[mirror]]
            url = "https://mirror.example/cache"
            skip_verify = true

            [[mirror.rewrite]]
            pattern = "^library/(.*)$"
            replace = "hub/$1"
            """;
        var config = RegistryConfigLoader.Parse("docker.io", Toml, "docker.io.toml");
        Assert.Equal(3, config.Endpoints.Count);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), config.Endpoints[0].Url);
        Assert.True(config.Endpoints[0].Insecure);
        Assert.Equal("library/busybox", config.Endpoints[0].RewritePath("library/busybox"));
        Assert.True(config.Endpoints[1].SkipVerify);
        Assert.Equal("hub/busybox", config.Endpoints[1].RewritePath("library/busybox"));
        Assert.False(config.Endpoints[2].IsMirror);
        Assert.Equal(new Uri("https://registry-1.docker.io"), config.Endpoints[2].Url);
        Assert.Equal("/etc/ca.pem", config.Endpoints[2].CaFile);
    }

    [Theory]
    [InlineData("server = \"http://registry.example\"")]
    [InlineData("[[mirror]]\nurl = \"http://mirror.example\"")]
    [InlineData("[[mirror]]\nurl = \"ftp://mirror.example\"")]
    [InlineData("[[mirror]]\ninsecure = true")]
    [InlineData("insecure = \"yes\"")]
    [InlineData("mirror = 3")]
    [InlineData("[[mirror]]\nurl = \"https://m\"\n[[mirror.rewrite]]\npattern = \"(\"\nreplace = \"x\"")]
    [InlineData("this is not toml")]
    public void Malformed_or_unsafe_files_fail_with_the_file_named(string toml)
    {
        var error = Assert.Throws<CriException>(() => RegistryConfigLoader.Parse("registry.example", toml, "/etc/x/registry.example.toml"));
        Assert.Contains("/etc/x/registry.example.toml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_allowed_when_insecure_is_set()
    {
        var config = RegistryConfigLoader.Parse("registry.example", "server = \"http://registry.example:8080\"\ninsecure = true", "f");
        Assert.Equal(new Uri("http://registry.example:8080"), config.Server);
    }

    [Fact]
    public void Files_are_reread_at_each_load()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-registries-").FullName;
        try
        {
            var loader = new RegistryConfigLoader(dir, FakeHostFiles.Shared);
            Assert.Empty(loader.Load("docker.io").Mirrors);
            File.WriteAllText(Path.Combine(dir, "docker.io.toml"), "[[mirror]]\nurl = \"http://127.0.0.1:1\"\n");
            Assert.Single(loader.Load("docker.io").Mirrors);
            Assert.Throws<CriException>(() => loader.Load("../docker.io"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
