using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Server.Streaming;
using CriRuntime.Server.Streaming.RemoteCommand;
using CriRuntime.Server.Streaming.Spdy;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CriRuntime.Server.Tests.Streaming;

public sealed class StreamingPiecesTests
{
    [Fact]
    public void The_spdy_dictionary_is_the_specs_1423_bytes()
    {
        var adler = new ICSharpCode.SharpZipLib.Checksum.Adler32();
        adler.Update(SpdyDictionary.Bytes);
        Assert.Equal(1423, SpdyDictionary.Bytes.Length);
        Assert.Equal(0xe3c6a7c2L, adler.Value);
    }

    [Fact]
    public void Header_blocks_round_trip_through_one_zlib_stream_per_direction()
    {
        var sender = new SpdyHeaderCodec(64 * 1024);
        var receiver = new SpdyHeaderCodec(64 * 1024);
        var first = receiver.Decode(sender.Encode([new("streamtype", "error"), new("port", "80\0" + "81")]));
        var second = receiver.Decode(sender.Encode([new("streamtype", "stdout")]));

        Assert.Equal(["error"], first["streamtype"]);
        Assert.Equal(["80", "81"], first["port"]);
        Assert.Equal(["stdout"], second["streamtype"]);
    }

    [Fact]
    public void Header_blocks_compressed_by_another_zlib_decode_and_oversized_ones_are_refused()
    {
        // A client's blocks: one zlib stream (no preset dictionary), sync-flushed after each block.
        using var compressed = new MemoryStream();
        using var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true);
        zlib.Write(Block(("streamType", new string('x', 100))));
        zlib.Flush();
        var codec = new SpdyHeaderCodec(64);
        var error = Assert.Throws<SpdyProtocolException>(() => codec.Decode(compressed.ToArray()));
        Assert.Equal(SpdyRefusal.HeaderTooLarge, error.Refusal);

        Assert.Throws<SpdyProtocolException>(() => new SpdyHeaderCodec(1024).Decode([0x78, 0x9c, 0xff, 0xff, 0xff]));
    }

    [Fact]
    public void The_error_stream_says_success_or_the_exit_code_in_v4_and_text_in_older_versions()
    {
        using var success = JsonDocument.Parse(RemoteCommandProtocol.Outcome("v4.channel.k8s.io", ["true"], 0, null)!);
        Assert.Equal("Success", success.RootElement.GetProperty("status").GetString());

        using var failure = JsonDocument.Parse(RemoteCommandProtocol.Outcome("v5.channel.k8s.io", ["sh"], 3, null)!);
        Assert.Equal("NonZeroExitCode", failure.RootElement.GetProperty("reason").GetString());
        var cause = failure.RootElement.GetProperty("details").GetProperty("causes")[0];
        Assert.Equal("ExitCode", cause.GetProperty("reason").GetString());
        Assert.Equal("3", cause.GetProperty("message").GetString());

        Assert.Null(RemoteCommandProtocol.Outcome("v3.channel.k8s.io", ["true"], 0, null));
        Assert.Contains("exit code 7", Encoding.UTF8.GetString(RemoteCommandProtocol.Outcome("v2.channel.k8s.io", ["false"], 7, null)!), StringComparison.Ordinal);
        Assert.Equal("v4.channel.k8s.io", RemoteCommandProtocol.Negotiate(["v5.channel.k8s.io, v4.channel.k8s.io"], RemoteCommandProtocol.Spdy));
        Assert.Null(RemoteCommandProtocol.Negotiate(["v9.channel.k8s.io"], RemoteCommandProtocol.Spdy));
    }

    [Fact]
    public async Task Resize_messages_are_read_back_to_back_and_split_across_reads()
    {
        var input = new System.IO.Pipelines.Pipe();
        var sizes = ResizeReader.Start(input.Reader.AsStream(), default);
        var text = Encoding.UTF8.GetBytes("""{"Width":80,"Height":24}{"Width":1""");
        await input.Writer.WriteAsync(text);
        Assert.Equal(new CriRuntime.Core.Streaming.TerminalSize(80, 24), await sizes.ReadAsync());
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("""20,"Height":40}"""));
        Assert.Equal(new CriRuntime.Core.Streaming.TerminalSize(120, 40), await sizes.ReadAsync());
        await input.Writer.CompleteAsync();
        Assert.False(await sizes.WaitToReadAsync());
    }

    [Fact]
    public void Tokens_are_single_use_and_expire()
    {
        var time = new FakeTimeProvider();
        var tokens = new StreamTokens(time, TimeSpan.FromSeconds(30));
        var request = new ExecStreamRequest("c1", ["true"], false, false, true, true);
        var used = tokens.Issue(request);
        var expiring = tokens.Issue(request);

        Assert.NotEqual(used, expiring);
        Assert.Equal(43, used.Length);
        Assert.Same(request, tokens.Take(used));
        Assert.Null(tokens.Take(used));
        time.Advance(TimeSpan.FromSeconds(29));
        var live = tokens.Issue(request);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Same(request, tokens.Take(live));
        Assert.Null(tokens.Take(expiring));
        Assert.Null(tokens.Take("unknown"));
    }

    [Fact]
    public void Outstanding_tokens_are_capped()
    {
        var tokens = new StreamTokens(new FakeTimeProvider(), TimeSpan.FromMinutes(1));
        var request = new PortForwardStreamRequest("p1", null);
        for (var i = 0; i < StreamTokens.MaxOutstanding; i++)
        {
            tokens.Issue(request);
        }

        Assert.Equal(ErrorKind.ResourceExhausted, Assert.Throws<CriException>(() => tokens.Issue(request)).Kind);
    }

    private static byte[] Block(params (string Name, string Value)[] headers)
    {
        using var block = new MemoryStream();
        void Word(int value) => block.Write([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        Word(headers.Length);
        foreach (var (name, value) in headers)
        {
            Word(name.Length);
            block.Write(Encoding.ASCII.GetBytes(name));
            Word(value.Length);
            block.Write(Encoding.ASCII.GetBytes(value));
        }

        return block.ToArray();
    }
}
