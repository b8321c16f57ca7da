using System.Diagnostics;
using CriRuntime.Server.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CriRuntime.Server.Interceptors;

/// <summary>
/// One log line per call: method, ids found in the request, duration and status. kubelet polls the
/// read-only calls every second, so those log at Debug; calls that change state log at Information.
/// </summary>
internal sealed class LoggingInterceptor(ILogger<LoggingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            LogDone(context, request, StatusCode.OK, "", started);
            return response;
        }
        catch (RpcException e)
        {
            LogDone(context, request, e.StatusCode, e.Status.Detail, started);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            LogDone(context, request, StatusCode.OK, "", started);
        }
        catch (RpcException e)
        {
            LogDone(context, request, e.StatusCode, e.Status.Detail, started);
            throw;
        }
    }

    private void LogDone(ServerCallContext context, object request, StatusCode code, string detail, long started)
    {
        var method = MethodNames.Short(context.Method);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (code != StatusCode.OK)
        {
            var level = code switch
            {
                StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss => LogLevel.Error,
                // The caller went away: how a client that follows a stream (events, pull progress) ends it.
                StatusCode.Cancelled when context.CancellationToken.IsCancellationRequested => LogLevel.Debug,
                _ => LogLevel.Warning,
            };
            if (logger.IsEnabled(level))
            {
                Log.CallFailed(logger, level, method, RequestIds.Describe(request), elapsedMs, code, detail);
            }

            return;
        }

        var okLevel = IsReadOnly(method) ? LogLevel.Debug : LogLevel.Information;
        if (logger.IsEnabled(okLevel))
        {
            Log.CallDone(logger, okLevel, method, RequestIds.Describe(request), elapsedMs);
        }
    }

    private static bool IsReadOnly(string method) =>
        method.StartsWith("List", StringComparison.Ordinal)
        || method.StartsWith("Stream", StringComparison.Ordinal)
        || method.EndsWith("Status", StringComparison.Ordinal)
        || method.EndsWith("Stats", StringComparison.Ordinal)
        || method is "Version" or "ImageFsInfo" or "RuntimeConfig" or "GetContainerEvents" or "ListMetricDescriptors";
}
