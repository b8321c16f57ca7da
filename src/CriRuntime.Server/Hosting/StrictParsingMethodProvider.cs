using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace CriRuntime.Server.Hosting;

/// <summary>
/// Binds each gRPC service as grpc-dotnet's own binder does (through the generated <c>BindService</c>), with one
/// difference: a request that is not a valid protobuf message (truncated, a string that is not UTF-8) is answered
/// InvalidArgument naming the method. grpc-dotnet parses before any interceptor runs and would answer Unknown
/// ("Exception was thrown by handler.").
/// </summary>
internal sealed class StrictParsingMethodProvider<[DynamicallyAccessedMembers(ServiceMembers)] TService> : IServiceMethodProvider<TService>
    where TService : class
{
    /// <summary>What grpc-dotnet requires kept of a service type: its constructors and handler methods.</summary>
    private const DynamicallyAccessedMemberTypes ServiceMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var method = bind?.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m =>
            m.Name == bind.BindMethodName
            && m.GetParameters() is [var binder, var service]
            && binder.ParameterType == typeof(ServiceBinderBase)
            && service.ParameterType.IsAssignableFrom(typeof(TService)));
        if (method is null)
        {
            return;
        }

        method.Invoke(null, [new Binder(context), null]);
    }

    private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var inner = method.RequestMarshaller;
        var marshaller = Marshallers.Create(
            inner.ContextualSerializer,
            context =>
            {
                try
                {
                    return inner.ContextualDeserializer(context);
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"{method.Name}: the request is not a valid {typeof(TRequest).Name} message: {e.Message}"));
                }
            });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    private static TDelegate Invoker<TDelegate>(string name, params Type[] parameters)
        where TDelegate : Delegate =>
        typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)?.CreateDelegate<TDelegate>()
        ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {name}");

    /// <summary>Receives the generated BindService's calls (with null handlers) and adds each method to the context.</summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), [], Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), [], Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method), [], Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method), [], Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));
    }
}
