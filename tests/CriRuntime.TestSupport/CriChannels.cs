using Grpc.Net.Client;

namespace CriRuntime.TestSupport;

/// <summary>gRPC channels to a CRI endpoint on a unix socket, written as kubelet writes it (unix:///path) or as a path.</summary>
public static class CriChannels
{
    public static GrpcChannel Open(string endpoint) => Protocol.UnixSocketChannel.Open(endpoint);
}
