using Grpc.Net.Client;
using Runtime.V1;

namespace CriRuntime.Conformance.Running;

/// <summary>What a spec can use: clients of the endpoint under test, the suite's images, and cleanup by id.</summary>
internal sealed class SpecContext(GrpcChannel runtimeChannel, GrpcChannel imageChannel, SuiteImages fixtures, string runId) : IAsyncDisposable
{
    private readonly List<Func<Task>> _cleanups = [];

    public RuntimeService.RuntimeServiceClient Runtime { get; } = new(runtimeChannel);

    public ImageService.ImageServiceClient Images { get; } = new(imageChannel);

    /// <summary>The suite's own images in the test registry.</summary>
    public SuiteImages Fixtures { get; } = fixtures;

    /// <summary>Unique per run, so names of one run never meet another's.</summary>
    public string RunId { get; } = runId;

    /// <summary>Registers an undo step; they run last-in first-out when the spec ends, pass or fail.</summary>
    public void Defer(Func<Task> cleanup) => _cleanups.Add(cleanup);

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanups.Count - 1; i >= 0; i--)
        {
            try
            {
                await _cleanups[i]();
            }
            catch (Grpc.Core.RpcException)
            {
                // Cleanup is best effort: the spec's verdict is already decided.
            }
        }
    }
}
