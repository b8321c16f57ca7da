using CriRuntime.Core.Configuration;
using CriRuntime.Core.Streaming;
using CriRuntime.Linux.Namespaces;
using CriRuntime.Server.Streaming;

namespace CriRuntime.Server.Composition;

/// <summary>The streaming server (exec, attach, port-forward) on its own address, and the tokens its URLs carry.</summary>
internal static class StreamingComposition
{
    public static void AddCriStreaming(IServiceCollection services, DaemonConfig config)
    {
        services.AddSingleton(sp => new StreamTokens(sp.GetRequiredService<TimeProvider>(), config.Streaming.TokenTtl));
        services.AddSingleton<IPortDialer, NetnsPortDialer>();
        services.AddSingleton<StreamingServer>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamingServer>());
    }
}
