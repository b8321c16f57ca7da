using CriRuntime.Core.Configuration;
using CriRuntime.Server.Configuration;
using Xunit;

namespace CriRuntime.Server.Tests.Configuration;

public sealed class CommandLineTests
{
    [Fact]
    public void Flags_override_the_file_in_both_spellings()
    {
        var line = CommandLine.Parse(["--listen", "/tmp/a.sock", "--root=/r", "--state", "/s", "--metrics-address=", "--log-level", "warn", "--config=/c.toml"]);

        var config = line.ApplyTo(new DaemonConfig { Listen = "/from/file.sock" });

        Assert.Equal("/c.toml", line.ConfigPath);
        Assert.Equal("/tmp/a.sock", config.Listen);
        Assert.Equal("/r", config.Root);
        Assert.Equal("/s", config.State);
        Assert.Equal("", config.MetricsAddress);
        Assert.Equal(LogLevelName.Warn, config.LogLevel);
    }

    [Fact]
    public void Absent_flags_keep_the_file_values()
    {
        var config = CommandLine.Parse([]).ApplyTo(new DaemonConfig { Listen = "/from/file.sock", LogLevel = LogLevelName.Debug });

        Assert.Equal("/from/file.sock", config.Listen);
        Assert.Equal(LogLevelName.Debug, config.LogLevel);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown flag --bogus")]
    [InlineData(new[] { "--listen" }, "flag --listen needs a value")]
    public void Bad_flags_are_refused(string[] args, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => CommandLine.Parse(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--log-level", "chatty" }, "flag --log-level must be one of")]
    [InlineData(new[] { "--listen", "rel.sock" }, "config flags: key 'listen' must be an absolute path")]
    public void Bad_flag_values_name_the_flag(string[] args, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => CommandLine.Parse(args).ApplyTo(new DaemonConfig()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    public void Durations_parse_as_go_writes_them(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(milliseconds, (long)value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("-5s")]
    public void Bad_durations_are_refused(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
