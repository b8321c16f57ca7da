using System.Net;
using System.Net.Sockets;
using CriRuntime.Core.Streaming;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Connects to a pod's port from inside its network namespace. A socket belongs to the namespace it was created
/// in, so it is created inside the pod's namespace (<see cref="NetnsThread"/>); the connect then runs from any thread.
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
        try
        {
            return NetnsThread.Run(netnsPath, "netns-dial", () => new Socket(family, SocketType.Stream, ProtocolType.Tcp));
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot open a socket in {netnsPath}: {e.Message}", e);
        }
    }
}
