using System.Buffers;
using System.Text;
using CriRuntime.Shim.Logging;
using Xunit;

namespace CriRuntime.Shim.Tests.Logging;

public sealed class CriLogFormatterTests
{
    private const string Ts = "2024-05-06T07:08:09.123456789Z";

    private static string[] Format(LogStream stream, string chunk, int max = CriLogFormatter.MaxLineBytes)
    {
        var output = new ArrayBufferWriter<byte>();
        CriLogFormatter.Append(output, Encoding.ASCII.GetBytes(Ts), stream, Encoding.UTF8.GetBytes(chunk), max);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.True(text.Length == 0 || text.EndsWith('\n'));
        return text.Length == 0 ? [] : text[..^1].Split('\n');
    }

    [Fact]
    public void Complete_lines_are_full_entries()
    {
        Assert.Equal([$"{Ts} stdout F hello", $"{Ts} stdout F world"], Format(LogStream.Stdout, "hello\nworld\n"));
    }

    [Fact]
    public void Stderr_is_tagged_stderr()
    {
        Assert.Equal([$"{Ts} stderr F oops"], Format(LogStream.Stderr, "oops\n"));
    }

    [Fact]
    public void A_final_unterminated_line_is_partial()
    {
        Assert.Equal([$"{Ts} stdout F one", $"{Ts} stdout P two"], Format(LogStream.Stdout, "one\ntwo"));
    }

    [Fact]
    public void Empty_lines_are_kept()
    {
        Assert.Equal([$"{Ts} stdout F ", $"{Ts} stdout F x"], Format(LogStream.Stdout, "\nx\n"));
    }

    [Fact]
    public void An_empty_chunk_writes_nothing()
    {
        Assert.Empty(Format(LogStream.Stdout, string.Empty));
    }

    [Fact]
    public void A_long_line_is_split_into_partial_entries_ending_with_a_full_one()
    {
        var line = new string('a', 16 * 1024) + new string('b', 16 * 1024) + "cc";
        var entries = Format(LogStream.Stdout, line + "\n");
        Assert.Equal(3, entries.Length);
        Assert.Equal($"{Ts} stdout P {new string('a', 16 * 1024)}", entries[0]);
        Assert.Equal($"{Ts} stdout P {new string('b', 16 * 1024)}", entries[1]);
        Assert.Equal($"{Ts} stdout F cc", entries[2]);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_one_full_entry()
    {
        var line = new string('x', 16 * 1024);
        Assert.Equal([$"{Ts} stdout F {line}"], Format(LogStream.Stdout, line + "\n"));
    }

    [Fact]
    public void A_line_of_twice_the_limit_ends_with_a_full_entry_and_no_empty_one()
    {
        var entries = Format(LogStream.Stdout, new string('x', 8) + "\n", max: 4);
        Assert.Equal([$"{Ts} stdout P xxxx", $"{Ts} stdout F xxxx"], entries);
    }

    [Fact]
    public void A_long_unterminated_line_is_all_partial()
    {
        Assert.Equal([$"{Ts} stderr P abcd", $"{Ts} stderr P ef"], Format(LogStream.Stderr, "abcdef", max: 4));
    }

    [Fact]
    public void Joining_partial_entries_restores_the_original_text()
    {
        var random = new Random(42);
        var original = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            original.Append(new string((char)('a' + (i % 26)), random.Next(0, 40)));
            if (random.Next(3) > 0)
            {
                original.Append('\n');
            }
        }

        var rebuilt = new StringBuilder();
        foreach (var entry in Format(LogStream.Stdout, original.ToString(), max: 7))
        {
            var tag = entry[(Ts.Length + 8)..(Ts.Length + 9)];
            rebuilt.Append(entry[(Ts.Length + 10)..]);
            if (tag == "F")
            {
                rebuilt.Append('\n');
            }
        }

        Assert.Equal(original.ToString(), rebuilt.ToString());
    }

    [Fact]
    public void Bytes_are_copied_as_they_are()
    {
        var output = new ArrayBufferWriter<byte>();
        CriLogFormatter.Append(output, Encoding.ASCII.GetBytes(Ts), LogStream.Stdout, [0xC3, 0xA9, 0xFF, (byte)'\n']);
        Assert.Equal([.. Encoding.ASCII.GetBytes($"{Ts} stdout F "), 0xC3, 0xA9, 0xFF, (byte)'\n'], output.WrittenSpan.ToArray());
    }
}
