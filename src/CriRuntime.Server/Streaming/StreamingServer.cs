using System.Globalization;
using System.Net;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Streaming;
using CriRuntime.Server.Configuration;
using CriRuntime.Server.Hosting;
using CriRuntime.Server.Streaming.PortForward;
using CriRuntime.Server.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CriRuntime.Server.Streaming;

/// <summary>
/// The exec/attach/port-forward server: a Kestrel of its own (HTTP/1.1 on <c>streaming.address</c>, never the
/// CRI socket), started and stopped with the daemon. <see cref="Issue"/> hands out
/// <c>http://ADDRESS/{exec|attach|portforward}/TOKEN</c>; a request for an unknown, used or expired token gets 404
/// and nothing runs; past <c>streaming.max_sessions</c> sessions at once a request gets 429. Connections are bounded
/// ahead of HTTP by <see cref="StreamingConnectionGate"/>.
/// </summary>
internal sealed class StreamingServer(
    DaemonConfig config,
    StreamTokens tokens,
    ContainerManager containers,
    IPortDialer dialer,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IHostedService, IAsyncDisposable
{
    private readonly StreamingOptions _options = StreamingOptions.From(config.Streaming);
    private readonly ILogger _logger = loggers.CreateLogger("criruntimed.streaming");
    private WebApplication? _app;
    private string? _baseUrl;
    private int _sessions;

    /// <summary>The server's URL prefix, e.g. <c>http://127.0.0.1:41234</c>, once started.</summary>
    public string BaseUrl => _baseUrl ?? throw new CriException(ErrorKind.Unavailable, "the streaming server is not running");

    /// <summary>A single-use URL for <paramref name="request"/>.</summary>
    public string Issue(StreamRequest request)
    {
        var prefix = BaseUrl;
        return $"{prefix}/{request.Kind}/{tokens.Issue(request)}";
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ConfigValidator.TryParseEndpoint(config.Streaming.Address, out var endpoint);
        var builder = WebApplication.CreateSlimBuilder(UnwatchedWebApplication.Options());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        var gate = new StreamingConnectionGate(_options, _logger);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                l.Use(gate.Wrap);
            });
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.MaxRequestBodySize = 0;
            k.Limits.RequestHeadersTimeout = _options.HandshakeTimeout;
            k.Limits.KeepAliveTimeout = _options.HandshakeTimeout;
            k.Limits.MaxConcurrentConnections = null; // the gate's cap answers and counts; Kestrel's closes silently
            k.Limits.MaxConcurrentUpgradedConnections = _options.MaxSessions;
        });
        var app = builder.Build();
        app.Use(gate.MarkRequestAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        // A RequestDelegate, not a minimal-API handler: no reflection over the handler's parameters (NativeAOT).
        app.MapMethods("/{kind}/{token}", ["GET", "POST"], context =>
            ServeAsync(context, (string)context.Request.RouteValues["kind"]!, (string)context.Request.RouteValues["token"]!));
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = endpoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endpoint.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        _baseUrl = $"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        _app = app;
        StreamingLog.Listening(_logger, _baseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task ServeAsync(HttpContext context, string kind, string token)
    {
        if (Interlocked.Increment(ref _sessions) > _options.MaxSessions)
        {
            Interlocked.Decrement(ref _sessions);
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "session_cap", $"{_options.MaxSessions} streaming sessions are running");
            return;
        }

        try
        {
            var request = tokens.Take(token);
            if (request is null || request.Kind != kind)
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound, "unknown_token", "unknown, used or expired token");
                return;
            }

            var stopping = lifetime.ApplicationStopping;
            switch (request)
            {
                case ExecStreamRequest exec:
                    await new RemoteCommandSession(_options, _logger).ServeAsync(
                        context,
                        new RemoteCommandOptions(exec.Kind, exec.Command, exec.Tty, exec.Stdin, exec.Stdout, exec.Stderr),
                        (streams, ct) => containers.ExecStreamAsync(exec.ContainerId, exec.Command, streams, ct),
                        stopping);
                    break;
                case AttachStreamRequest attach:
                    await new RemoteCommandSession(_options, _logger).ServeAsync(
                        context,
                        new RemoteCommandOptions(attach.Kind, [], attach.Tty, attach.Stdin, attach.Stdout, attach.Stderr),
                        (streams, ct) => containers.AttachStreamAsync(attach.ContainerId, streams, ct),
                        stopping);
                    break;
                case PortForwardStreamRequest forward:
                    await new PortForwardSession(_options, dialer, _logger).ServeAsync(context, forward, stopping);
                    break;
                default:
                    await RefuseAsync(context, StatusCodes.Status404NotFound, "unknown_token", $"{kind} is not served");
                    break;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _sessions);
        }
    }

    private async Task RefuseAsync(HttpContext context, int status, string reason, string message)
    {
        CriMetrics.StreamRefusals.WithLabels(reason).Inc();
        StreamingLog.Refused(_logger, context.Request.Path.Value?.Split('/').ElementAtOrDefault(1) ?? "", message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
