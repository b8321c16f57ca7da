using System.Buffers.Binary;

namespace CriRuntime.ShimContract.Control;

/// <summary>
/// The output frames of an accepted <c>attach</c>: a stream byte (<see cref="Stdout"/> or <see cref="Stderr"/>), a
/// 4-byte big-endian length and that many bytes. What the attacher sends is raw stdin.
/// </summary>
public static class AttachFrame
{
    /// <summary>The stream byte of the container's stdout.</summary>
    public const byte Stdout = 1;

    /// <summary>The stream byte of the container's stderr.</summary>
    public const byte Stderr = 2;

    /// <summary>The bytes before a frame's data.</summary>
    public const int HeaderLength = 5;

    /// <summary>One frame of <paramref name="data"/> on <paramref name="stream"/>.</summary>
    public static byte[] Build(byte stream, ReadOnlySpan<byte> data)
    {
        var frame = new byte[HeaderLength + data.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), data.Length);
        data.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>The stream byte and the data length of a header of <see cref="HeaderLength"/> bytes.</summary>
    public static (byte Stream, int Length) ReadHeader(ReadOnlySpan<byte> header) =>
        (header[0], BinaryPrimitives.ReadInt32BigEndian(header[1..HeaderLength]));
}
