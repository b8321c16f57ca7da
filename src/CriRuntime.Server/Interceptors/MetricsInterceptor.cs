using System.Diagnostics;
using CriRuntime.Core.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CriRuntime.Server.Interceptors;

/// <summary>Counts every call and observes its latency by method and final status code.</summary>
internal sealed class MetricsInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.OK;
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            throw;
        }
        finally
        {
            Observe(context, code, started);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.OK;
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            throw;
        }
        finally
        {
            Observe(context, code, started);
        }
    }

    private static void Observe(ServerCallContext context, StatusCode code, long started)
    {
        var method = MethodNames.Short(context.Method);
        var codeName = code.ToString();
        CriMetrics.GrpcRequests.WithLabels(method, codeName).Inc();
        CriMetrics.GrpcRequestDuration.WithLabels(method, codeName).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
