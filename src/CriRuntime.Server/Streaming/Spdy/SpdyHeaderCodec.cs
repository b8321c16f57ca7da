using System.Buffers.Binary;
using System.Text;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace CriRuntime.Server.Streaming.Spdy;

/// <summary>
/// SPDY/3 name/value header blocks: a 4-byte count, then for each pair a 4-byte length and the name, a 4-byte length
/// and the value (several values separated by NUL), the whole compressed with zlib and <see cref="SpdyDictionary"/>.
/// Each direction of a session is one zlib stream, so one codec serves a session. Received blocks are inflated;
/// sent blocks are written as stored (uncompressed) deflate blocks, each complete and byte-aligned, which is what a
/// sync flush guarantees and what Go's framer needs (it must decode a block without reading past it). The server only
/// ever sends empty blocks, so nothing is lost by not compressing. Names arrive lower-cased; a decompressed block
/// larger than the limit is refused.
/// </summary>
internal sealed class SpdyHeaderCodec
{
    private readonly Inflater _inflater = new();
    private bool _headerSent;
    private readonly int _maxBlockBytes;
    private readonly byte[] _scratch = new byte[4096];

    public SpdyHeaderCodec(int maxBlockBytes)
    {
        _maxBlockBytes = maxBlockBytes;
    }

    /// <summary>Decompresses and parses one block; throws <see cref="SpdyProtocolException"/> when it is malformed or too large.</summary>
    public Dictionary<string, List<string>> Decode(ReadOnlySpan<byte> compressed)
    {
        _inflater.SetInput(compressed.ToArray());
        using var plain = new MemoryStream();
        try
        {
            while (true)
            {
                var n = _inflater.Inflate(_scratch);
                if (n > 0)
                {
                    plain.Write(_scratch, 0, n);
                    if (plain.Length > _maxBlockBytes)
                    {
                        throw new SpdyProtocolException($"a header block exceeds {_maxBlockBytes} bytes", SpdyRefusal.HeaderTooLarge);
                    }

                    continue;
                }

                if (!_inflater.IsNeedingDictionary)
                {
                    break;
                }

                _inflater.SetDictionary(SpdyDictionary.Bytes);
            }
        }
        catch (Exception e) when (e is ICSharpCode.SharpZipLib.SharpZipBaseException or IndexOutOfRangeException)
        {
            // SharpZipLib's inflater indexes past its Huffman tables on some corrupt blocks (found by the spdy-frames
            // fuzz target) instead of throwing its own exception: both mean the block is not valid zlib.
            throw new SpdyProtocolException("a header block is not valid zlib: " + e.Message, SpdyRefusal.ProtocolError);
        }

        return Parse(plain.GetBuffer().AsSpan(0, (int)plain.Length));
    }

    /// <summary>Serializes and compresses one block (names lower-cased by the caller).</summary>
    public byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        using var plain = new MemoryStream();
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, headers.Count);
        plain.Write(word);
        foreach (var (name, value) in headers)
        {
            foreach (var text in new[] { name, value })
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteInt32BigEndian(word, bytes.Length);
                plain.Write(word);
                plain.Write(bytes);
            }
        }

        using var compressed = new MemoryStream();
        if (!_headerSent)
        {
            // zlib header: deflate, 32 KiB window, FDICT set (CMF*256+FLG divisible by 31), then the dictionary's Adler-32.
            _headerSent = true;
            compressed.Write([0x78, 0xbb]);
            var adler = new ICSharpCode.SharpZipLib.Checksum.Adler32();
            adler.Update(SpdyDictionary.Bytes);
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)adler.Value);
            compressed.Write(word);
        }

        var data = plain.GetBuffer().AsSpan(0, (int)plain.Length);
        do
        {
            // A stored block: BFINAL=0 BTYPE=00 padded to a byte, LEN and its complement (little-endian), the bytes.
            var chunk = data[..Math.Min(data.Length, ushort.MaxValue)];
            data = data[chunk.Length..];
            compressed.WriteByte(0);
            BinaryPrimitives.WriteUInt16LittleEndian(word, (ushort)chunk.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(word[2..], (ushort)~chunk.Length);
            compressed.Write(word);
            compressed.Write(chunk);
        }
        while (!data.IsEmpty);

        // The sync-flush marker, an empty stored block: a decoder hands out what it has without reading further.
        compressed.Write([0x00, 0x00, 0x00, 0xff, 0xff]);
        return compressed.ToArray();
    }

    private static Dictionary<string, List<string>> Parse(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var count = ReadLength(ref block);
        for (var i = 0; i < count; i++)
        {
            var name = Encoding.UTF8.GetString(Take(ref block, ReadLength(ref block))).ToLowerInvariant();
            var value = Encoding.UTF8.GetString(Take(ref block, ReadLength(ref block)));
            if (!headers.TryGetValue(name, out var values))
            {
                headers[name] = values = [];
            }

            values.AddRange(value.Split('\0'));
        }

        return headers;
    }

    private static int ReadLength(ref ReadOnlySpan<byte> block)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(Take(ref block, 4));
        return value <= int.MaxValue ? (int)value : throw new SpdyProtocolException("a header length is out of range", SpdyRefusal.ProtocolError);
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> block, int count)
    {
        if (count > block.Length)
        {
            throw new SpdyProtocolException("a header block is truncated", SpdyRefusal.ProtocolError);
        }

        var taken = block[..count];
        block = block[count..];
        return taken;
    }
}
