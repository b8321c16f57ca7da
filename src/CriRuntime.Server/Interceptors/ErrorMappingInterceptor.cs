using CriRuntime.Core.Errors;
using CriRuntime.Server.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CriRuntime.Server.Interceptors;

/// <summary>
/// Innermost interceptor: every exception leaves as an RpcException with the right code.
/// Domain errors keep their message; anything unexpected becomes Internal and is logged with its stack.
/// </summary>
internal sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, TimeProvider time) : Interceptor
{
    /// <summary>Longest status message sent, in characters.</summary>
    private const int MaxMessageLength = 2048;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException || IsBareUnimplemented(e))
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException || IsBareUnimplemented(e))
        {
            throw Map(e, context);
        }
    }

    /// <summary>Client streams (the admin service's image import).</summary>
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException || IsBareUnimplemented(e))
        {
            throw Map(e, context);
        }
    }

    /// <summary>The generated base classes throw Unimplemented with an empty detail; name the method instead.</summary>
    private static bool IsBareUnimplemented(Exception e) =>
        e is RpcException { StatusCode: StatusCode.Unimplemented } rpc && string.IsNullOrEmpty(rpc.Status.Detail);

    private RpcException Map(Exception e, ServerCallContext context)
    {
        var method = MethodNames.Short(context.Method);
        switch (e)
        {
            case RpcException:
                return new RpcException(new Status(StatusCode.Unimplemented, $"{method} is not implemented by criruntime yet"));
            case CriException cri:
                // Messages quote the caller's values: bounded, so an oversized id cannot swell the status trailer.
                return new RpcException(new Status(ErrorCodes.For(cri.Kind), SafeText.Clip(cri.Message, MaxMessageLength)));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= time.GetUtcNow().UtcDateTime
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, $"{method}: deadline exceeded"))
                    : new RpcException(new Status(StatusCode.Cancelled, $"{method}: cancelled by the caller"));
            default:
                Log.UnexpectedError(logger, method, e);
                return new RpcException(new Status(StatusCode.Internal, SafeText.Clip($"{method}: internal error: {e.GetType().Name}: {e.Message}", MaxMessageLength)));
        }
    }
}
