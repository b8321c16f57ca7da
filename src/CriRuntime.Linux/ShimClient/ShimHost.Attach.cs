using System.Net.Sockets;
using System.Text;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Streaming;
using CriRuntime.ShimContract.Control;

namespace CriRuntime.Linux.ShimClient;

public sealed partial class ShimHost
{
    /// <summary>
    /// The control socket's <c>attach</c> (docs/shim.md): after the answer line, stdin goes to the shim as raw bytes
    /// and output comes back as frames (stream byte 1 or 2, 4-byte big-endian length, bytes). The attach ends when
    /// the client's stdin ends (as kubelet's attach does), when the shim closes (the container exited) or on cancel.
    /// </summary>
    public async Task AttachAsync(string socket, ProcessStreams streams, CancellationToken cancellationToken)
    {
        using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        var request = new ControlRequest(ControlOp.Attach) { Stdin = streams.Stdin is not null, Stdout = streams.Stdout is not null, Stderr = streams.Stderr is not null };
        await stream.WriteAsync(request.ToLine(), cancellationToken);
        var answer = await ReadLineAsync(stream, cancellationToken);
        if (!IsOk(answer))
        {
            throw CriException.FailedPrecondition($"attach refused by the shim: {answer}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = CopyFramesAsync(stream, streams, stop.Token);
        var input = streams.Stdin is { } stdin ? CopyInputAsync(stdin, stream, stop.Token) : Task.Delay(Timeout.Infinite, stop.Token);
        var resize = ResizeAsync(socket, streams, stop.Token);
        await Task.WhenAny(output, input);
        await stop.CancelAsync();
        connection.Shutdown(SocketShutdown.Both);
        await Task.WhenAll(Quietly(output), Quietly(input), Quietly(resize));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task CopyInputAsync(Stream stdin, NetworkStream to, CancellationToken cancellationToken)
    {
        await stdin.CopyToAsync(to, 32 * 1024, cancellationToken);
    }

    private static async Task CopyFramesAsync(NetworkStream from, ProcessStreams streams, CancellationToken cancellationToken)
    {
        var header = new byte[AttachFrame.HeaderLength];
        var buffer = new byte[64 * 1024];
        while (true)
        {
            try
            {
                await from.ReadExactlyAsync(header, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                return;
            }

            var (channel, length) = AttachFrame.ReadHeader(header);
            if (length < 0 || length > buffer.Length)
            {
                throw new IOException($"the shim sent a frame of {length} bytes");
            }

            await from.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
            if ((channel == AttachFrame.Stdout ? streams.Stdout : streams.Stderr) is { } to)
            {
                await to.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
            }
        }
    }

    private static async Task ResizeAsync(string socket, ProcessStreams streams, CancellationToken cancellationToken)
    {
        if (streams.Resize is null)
        {
            return;
        }

        await foreach (var size in streams.Resize.ReadAllAsync(cancellationToken))
        {
            await RequestAsync(socket, new ControlRequest(ControlOp.Resize) { Width = size.Width, Height = size.Height }, cancellationToken);
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        // Byte by byte: what follows the line is the stream of frames.
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 4096 && await stream.ReadAsync(one, cancellationToken) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
