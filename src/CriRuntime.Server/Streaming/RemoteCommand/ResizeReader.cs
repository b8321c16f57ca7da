using System.Text.Json;
using System.Threading.Channels;
using CriRuntime.Core.Streaming;

namespace CriRuntime.Server.Streaming.RemoteCommand;

/// <summary>
/// Reads the resize stream: JSON objects <c>{"Width":W,"Height":H}</c> one after another (no separator), each
/// written to a channel that keeps only the latest unapplied size. Malformed or oversized input ends the reading.
/// </summary>
internal static class ResizeReader
{
    private const int MaxPendingBytes = 4096;

    public static ChannelReader<TerminalSize> Start(Stream input, CancellationToken cancellationToken)
    {
        var sizes = Channel.CreateBounded<TerminalSize>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        _ = Task.Run(() => PumpAsync(input, sizes.Writer, cancellationToken), CancellationToken.None);
        return sizes.Reader;
    }

    private static async Task PumpAsync(Stream input, ChannelWriter<TerminalSize> sizes, CancellationToken cancellationToken)
    {
        var pending = new byte[MaxPendingBytes];
        var used = 0;
        try
        {
            while (used < pending.Length)
            {
                var read = await input.ReadAsync(pending.AsMemory(used), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                used += read;
                var consumed = ParseAll(pending.AsSpan(0, used), sizes);
                pending.AsSpan(consumed, used - consumed).CopyTo(pending);
                used -= consumed;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or JsonException or ObjectDisposedException or FormatException or InvalidOperationException)
        {
        }
        finally
        {
            sizes.TryComplete();
        }
    }

    /// <summary>Parses the complete objects at the start of <paramref name="data"/>; returns the bytes consumed.</summary>
    private static int ParseAll(ReadOnlySpan<byte> data, ChannelWriter<TerminalSize> sizes)
    {
        var consumed = 0;
        while (true)
        {
            var reader = new Utf8JsonReader(data[consumed..], isFinalBlock: false, default);
            if (!reader.Read())
            {
                return consumed;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("a resize message is not an object");
            }

            if (!reader.TrySkip())
            {
                return consumed;
            }

            var length = (int)reader.BytesConsumed;
            using var document = JsonDocument.Parse(data.Slice(consumed, length).ToArray());
            var root = document.RootElement;
            ushort width = root.TryGetProperty("Width", out var w) ? w.GetUInt16() : (ushort)0;
            ushort height = root.TryGetProperty("Height", out var h) ? h.GetUInt16() : (ushort)0;
            if (width > 0 && height > 0)
            {
                sizes.TryWrite(new TerminalSize(width, height));
            }

            consumed += length;
        }
    }
}
