using System.Net.Sockets;
using Grpc.Net.Client;

namespace CriRuntime.Protocol;

/// <summary>
/// gRPC channels to a CRI endpoint on a unix socket, written as the kubelet writes it (<c>unix:///path</c>) or as an
/// absolute path. Shared by the CLI, the tests and the conformance suite.
/// </summary>
public static class UnixSocketChannel
{
    /// <summary>The scheme prefix of a unix-socket endpoint.</summary>
    public const string Scheme = "unix://";

    /// <summary>The socket path of an endpoint; <see cref="ArgumentException"/> when it is not unix:///absolute/path.</summary>
    public static string SocketPath(string endpoint)
    {
        var path = endpoint.StartsWith(Scheme, StringComparison.Ordinal) ? endpoint[Scheme.Length..] : endpoint;
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"endpoint \"{endpoint}\" is not unix:///absolute/path", nameof(endpoint));
        }

        return path;
    }

    /// <summary>Opens a channel (connections are made lazily, at the first call); messages up to 64 MiB are accepted.</summary>
    public static GrpcChannel Open(string endpoint)
    {
        var path = SocketPath(endpoint);
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
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), token).ConfigureAwait(false);
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
