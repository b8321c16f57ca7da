using CriRuntime.Server.Configuration;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Files;
using CriRuntime.Server.Composition;
using CriRuntime.Server.Cri;
using CriRuntime.Server.Diagnostics;
using CriRuntime.Server.Interceptors;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace CriRuntime.Server.Hosting;

/// <summary>Builds and runs the daemon: CRI over HTTP/2 on the unix socket, metrics on loopback.</summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(DaemonConfig config)
    {
        CriMetrics.ExportOperatorFamiliesOnly();
        if (SocketGuard.Prepare(config.Listen) is { } refusal)
        {
            await Console.Error.WriteLineAsync($"criruntimed: {refusal}");
            return 1;
        }

        var app = Build(config);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("criruntimed");
        using var metricServer = StartMetrics(config, logger);
        var lifetime = app.Lifetime;
        lifetime.ApplicationStarted.Register(() =>
        {
            SocketGuard.Restrict(config.Listen);
            app.Services.GetRequiredService<DaemonReadiness>().MarkReady();
            Log.Listening(logger, BuildInfo.Version, config.Listen);
        });
        lifetime.ApplicationStopping.Register(() => Log.ShuttingDown(logger, config.ShutdownTimeout.TotalSeconds));

        try
        {
            await app.RunAsync();
        }
        finally
        {
            // Kestrel leaves the socket file behind; a clean stop removes it so the next start sees no stale socket.
            SocketGuard.Remove(config.Listen);
            Log.Stopped(logger);
        }

        return 0;
    }

    private static WebApplication Build(DaemonConfig config)
    {
        var builder = WebApplication.CreateSlimBuilder(UnwatchedWebApplication.Options());
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(ToLogLevel(config.LogLevel));
        // ASP.NET's own per-request logs would double ours.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = config.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenUnixSocket(config.Listen, l => l.Protocols = HttpProtocols.Http2);
            k.Limits.MaxRequestBodySize = null;
        });

        builder.Services.AddSingleton(config);
        // The host as Core sees it: files through CriRuntime.Linux, time through a provider tests can replace.
        builder.Services.AddSingleton<IHostFiles>(HostFiles.Instance);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DaemonReadiness>();
        builder.Services.AddSingleton<RuntimeSettings>();
        builder.Services.AddSingleton<IRuntimeReadiness, OciRuntimeReadiness>();
        // INetworkReadiness (NetworkReady) is the CNI client, registered by NetworkComposition.AddCriNetwork.
        builder.Services.AddGrpc(o =>
        {
            // Outermost first: readiness, logging, metrics, error mapping.
            o.Interceptors.Add<ReadinessInterceptor>();
            o.Interceptors.Add<LoggingInterceptor>();
            o.Interceptors.Add<MetricsInterceptor>();
            o.Interceptors.Add<ErrorMappingInterceptor>();
            // kubelet's ListContainers on a busy node and image configs can be large.
            o.MaxReceiveMessageSize = 16 * 1024 * 1024;
            o.MaxSendMessageSize = 16 * 1024 * 1024;
        });
        // Requests that do not parse are InvalidArgument, not Unknown: our binder replaces grpc-dotnet's.
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(StrictParsingMethodProvider<>));
        CriComposition.AddCriServices(builder.Services, config);

        var app = builder.Build();
        app.MapGrpcService<RuntimeService>();
        CriComposition.MapCriServices(app);
        return app;
    }

    private static KestrelMetricServer? StartMetrics(DaemonConfig config, ILogger logger)
    {
        if (config.MetricsAddress.Length == 0)
        {
            return null;
        }

        CriMetrics.BuildInfo.WithLabels(BuildInfo.Version).Set(1);
        ConfigValidator.TryParseEndpoint(config.MetricsAddress, out var endpoint);
        var server = new KestrelMetricServer(endpoint.Address.ToString(), endpoint.Port);
        server.Start();
        Log.MetricsListening(logger, config.MetricsAddress);
        return server;
    }

    private static LogLevel ToLogLevel(LogLevelName level) => level switch
    {
        LogLevelName.Trace => LogLevel.Trace,
        LogLevelName.Debug => LogLevel.Debug,
        LogLevelName.Info => LogLevel.Information,
        LogLevelName.Warn => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
