using CriRuntime.TestSupport;
using Grpc.Net.Client;
using Runtime.V1;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>One endpoint under measurement, with its clients and its results.</summary>
internal sealed class Target : IDisposable
{
    private readonly GrpcChannel _channel;

    public Target(string label, string endpoint)
    {
        _channel = CriChannels.Open(endpoint);
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        Images = new ImageService.ImageServiceClient(_channel);
        Result = new BenchmarkResult(label, endpoint);
        SocketPath = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;
    }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    public BenchmarkResult Result { get; }

    public string SocketPath { get; }

    public void Dispose() => _channel.Dispose();
}
