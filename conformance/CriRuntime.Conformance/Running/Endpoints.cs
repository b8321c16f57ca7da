using System.Net.Sockets;
using Grpc.Net.Client;

namespace CriRuntime.Conformance.Running;

/// <summary>gRPC channels to CRI endpoints written as kubelet writes them: unix:///path/to.sock.</summary>
internal static class Endpoints
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
