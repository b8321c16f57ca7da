using CriRuntime.Cli.Logs;

namespace CriRuntime.Cli.Tests.Logs;

public sealed class CriLogFollowerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("criruntime-cli-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lines_are_read_as_they_are_completed_and_rotation_reads_the_old_file_to_its_end_first()
    {
        var path = Path.Combine(_dir, "c.log");
        File.WriteAllText(path, "2024-01-01T00:00:00.1Z stdout F one\n2024-01-01T00:00:00.2Z stdout P tw");
        using var follower = new CriLogFollower(path);
        Assert.Equal(["2024-01-01T00:00:00.1Z stdout F one"], follower.ReadAvailable());
        Assert.Empty(follower.ReadAvailable());

        File.AppendAllText(path, "o\n2024-01-01T00:00:00.3Z stdout F three\n");
        // The kubelet's rotation: rename, then the runtime reopens a new file at the path.
        File.Move(path, path + ".20240101-000000");
        File.WriteAllText(path, "2024-01-01T00:00:01Z stderr F four\n");
        Assert.Equal(["2024-01-01T00:00:00.2Z stdout P two", "2024-01-01T00:00:00.3Z stdout F three", "2024-01-01T00:00:01Z stderr F four"], follower.ReadAvailable());

        // Truncated in place (copytruncate) and written again, shorter than what was read.
        File.WriteAllText(path, "2024-01-01T00:00:02Z stdout F 5\n");
        Assert.Equal(["2024-01-01T00:00:02Z stdout F 5"], follower.ReadAvailable());
    }

    [Fact]
    public void A_file_that_appears_later_is_read_from_its_start()
    {
        var path = Path.Combine(_dir, "late.log");
        using var follower = new CriLogFollower(path);
        Assert.Empty(follower.ReadAvailable());
        File.WriteAllText(path, "2024-01-01T00:00:00Z stdout F hello\n");
        Assert.Equal(["2024-01-01T00:00:00Z stdout F hello"], follower.ReadAvailable());
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00.123456789Z stdout F hello world", false, false, "hello world")]
    [InlineData("2024-01-01T00:00:00Z stderr P part", true, true, "part")]
    [InlineData("2024-01-01T00:00:00Z stdout F ", false, false, "")]
    [InlineData("2024-01-01T00:00:00Z stdout F", false, false, "")]
    public void Cri_log_lines_parse(string raw, bool stderr, bool partial, string content)
    {
        Assert.True(CriLogLine.TryParse(raw, out var line));
        Assert.Equal((stderr, partial, content), (line.Stderr, line.Partial, line.Content));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2024-01-01T00:00:00Z stdin F x")]
    [InlineData("yesterday stdout F x")]
    public void Other_lines_are_skipped(string raw) => Assert.False(CriLogLine.TryParse(raw, out _));
}
