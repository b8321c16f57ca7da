using CriRuntime.Server.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CriRuntime.Server.Interceptors;

/// <summary>Outermost interceptor: answers Unavailable until start-up recovery has finished.</summary>
internal sealed class ReadinessInterceptor(DaemonReadiness readiness) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfNotReady(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfNotReady(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfNotReady(context);
        return continuation(requestStream, context);
    }

    private void ThrowIfNotReady(ServerCallContext context)
    {
        if (!readiness.IsReady)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"{MethodNames.Short(context.Method)}: criruntime is starting; retry shortly"));
        }
    }
}
