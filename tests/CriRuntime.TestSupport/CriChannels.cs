using System.Net.Sockets;
using Grpc.Net.Client;

namespace CriRuntime.TestSupport;

/// <summary>gRPC channels to a CRI endpoint on a unix socket, written as kubelet writes it (unix:///path) or as a path.</summary>
public static class CriChannels
{
    public static GrpcChannel Open(string endpoint)
    {
        var path = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"endpoint \"{endpoint}\" is not unix:///absolute/path");
        }

        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), token);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
        });
    }
}
