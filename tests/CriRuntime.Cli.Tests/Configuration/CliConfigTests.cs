namespace CriRuntime.Cli.Tests.Configuration;

/// <summary>The CLI's reading of the daemon's config.toml: a malformed file is a usage error naming it, never a crash.</summary>
public sealed class CliConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("listen = \"unterminated")]
    // The config-toml fuzz target's finding: an escape Tomlyn's lexer answers with ArgumentOutOfRangeException.
    [InlineData("\"(\u0010\0\0(\\")]
    public void A_malformed_file_is_a_usage_error_naming_it(string text)
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllText(path, text);

        var e = Assert.Throws<CliException>(() => CliConfig.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_gives_the_defaults()
    {
        var config = CliConfig.Load(Path.Combine(_dir, "absent.toml"));

        Assert.Equal(CliConfig.DefaultListen, config.Listen);
    }
}
