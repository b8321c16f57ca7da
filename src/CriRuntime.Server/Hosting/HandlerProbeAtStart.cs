using CriRuntime.Core.Runtime;
using CriRuntime.Server.Diagnostics;

namespace CriRuntime.Server.Hosting;

/// <summary>Probes every runtime handler before the first call is served, and warns about those that cannot run containers here.</summary>
internal sealed class HandlerProbeAtStart(HandlerReadiness handlers, ILogger<HandlerProbeAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (handler, result) in await handlers.CheckAllAsync(cancellationToken))
        {
            if (!result.Ready)
            {
                Log.HandlerNotReady(logger, handler, result.Reason);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
