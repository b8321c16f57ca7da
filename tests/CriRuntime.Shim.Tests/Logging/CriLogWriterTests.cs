using System.Text;
using CriRuntime.Shim.Logging;
using Xunit;

namespace CriRuntime.Shim.Tests.Logging;

public sealed class CriLogWriterTests : IDisposable
{
    private const long At = 1_700_000_000_000_000_000L;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("criruntime-shim-log-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Appends_entries_of_both_streams_in_order()
    {
        var path = Path.Combine(_dir.FullName, "c.log");
        File.WriteAllText(path, "existing\n");
        using (var writer = new CriLogWriter(path))
        {
            writer.Write(LogStream.Stdout, "out\n"u8, At);
            writer.Write(LogStream.Stderr, "err\n"u8, At);
            writer.Write(LogStream.Stdout, "tail"u8, At);
        }

        Assert.Equal(
            [
                "existing",
                "2023-11-14T22:13:20.000000000Z stdout F out",
                "2023-11-14T22:13:20.000000000Z stderr F err",
                "2023-11-14T22:13:20.000000000Z stdout P tail",
            ],
            File.ReadAllLines(path));
    }

    [Fact]
    public void Reopen_continues_in_a_new_file_after_a_rename_without_losing_lines()
    {
        var path = Path.Combine(_dir.FullName, "c.log");
        var rotated = path + ".1";
        using var writer = new CriLogWriter(path);
        for (var i = 0; i < 100; i++)
        {
            writer.Write(LogStream.Stdout, Encoding.ASCII.GetBytes($"line {i}\n"), At);
            if (i == 49)
            {
                File.Move(path, rotated);

                // Until reopened, lines still go to the renamed file, as kubelet expects.
                writer.Write(LogStream.Stdout, "before reopen\n"u8, At);
                writer.Reopen();
            }
        }

        var old = File.ReadAllLines(rotated);
        var current = File.ReadAllLines(path);
        Assert.Equal(51, old.Length);
        Assert.EndsWith("line 49", old[49], StringComparison.Ordinal);
        Assert.EndsWith("before reopen", old[50], StringComparison.Ordinal);
        Assert.Equal(50, current.Length);
        Assert.EndsWith("line 50", current[0], StringComparison.Ordinal);
        Assert.EndsWith("line 99", current[49], StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_reopen_keeps_writing_to_the_old_file()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir.FullName, "sub"));
        var path = Path.Combine(sub.FullName, "c.log");
        using var writer = new CriLogWriter(path);
        var moved = Path.Combine(_dir.FullName, "moved");
        Directory.Move(sub.FullName, moved);
        Assert.Throws<ShimException>(writer.Reopen);
        writer.Write(LogStream.Stdout, "still here\n"u8, At);
        Assert.EndsWith("stdout F still here", File.ReadAllLines(Path.Combine(moved, "c.log"))[0], StringComparison.Ordinal);
    }
}
