using System.Net;
using System.Net.Sockets;
using CriRuntime.Core.Streaming;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Connects to a pod's port from inside its network namespace. A socket belongs to the namespace it was created
/// in, so a short-lived thread of its own enters the pod's namespace (setns(2) changes only the calling thread),
/// creates the socket, and goes back; the connect then runs from any thread.
/// </summary>
public sealed class NetnsPortDialer : IPortDialer
{
    private static readonly IPAddress[] Loopbacks = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    public async Task<Stream> ConnectAsync(string? netnsPath, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in Loopbacks)
        {
            var socket = netnsPath is null
                ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : CreateSocketIn(netnsPath, address.AddressFamily);
            try
            {
                socket.NoDelay = true;
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new IOException($"failed to connect to localhost:{port} inside the pod: {last?.Message}");
    }

    private static Socket CreateSocketIn(string netnsPath, AddressFamily family)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(netnsPath);
                Native.Setns(target, Native.CLONE_NEWNET, netnsPath);
                try
                {
                    socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                }
                finally
                {
                    // Should this fail, the thread ends here anyway and takes the namespace with it.
                    Native.Setns(original, Native.CLONE_NEWNET, "/proc/thread-self/ns/net");
                }
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                error = e;
            }
        })
        {
            IsBackground = true,
            Name = "netns-dial",
        };
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException($"cannot open a socket in {netnsPath}: {error?.Message}", error);
    }
}
