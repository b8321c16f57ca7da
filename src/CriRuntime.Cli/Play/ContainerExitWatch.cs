using System.Threading.Channels;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Cli.Play;

/// <summary>
/// The ids of containers as they stop, from the runtime's GetContainerEvents stream (subscribed before anything is
/// started, so no exit is missed). One reader at a time.
/// </summary>
internal sealed class ContainerExitWatch : IDisposable
{
    private readonly AsyncServerStreamingCall<ContainerEventResponse> _call;
    private readonly CancellationTokenSource _stop;
    private readonly Channel<string> _stopped = Channel.CreateUnbounded<string>();

    private ContainerExitWatch(AsyncServerStreamingCall<ContainerEventResponse> call, CancellationTokenSource stop)
    {
        _call = call;
        _stop = stop;
        _ = Task.Run(ReadAsync, CancellationToken.None);
    }

    public ChannelReader<string> Stopped => _stopped.Reader;

    /// <summary>Subscribes; returns once the runtime confirmed the subscription (its response headers).</summary>
    public static async Task<ContainerExitWatch> StartAsync(CliContext cli, CancellationToken token)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var call = cli.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: stop.Token);
        try
        {
            await call.ResponseHeadersAsync;
            return new ContainerExitWatch(call, stop);
        }
        catch
        {
            call.Dispose();
            stop.Dispose();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="id"/> stops (other stops read meanwhile are dropped).</summary>
    public async Task WaitAsync(string id, CancellationToken token)
    {
        await foreach (var stopped in _stopped.Reader.ReadAllAsync(token))
        {
            if (stopped == id)
            {
                return;
            }
        }

        throw new CliException(ExitCodes.Failed, "the runtime's container event stream ended");
    }

    /// <summary>Makes a waiting reader look again (it reads an empty id).</summary>
    public void Wake() => _stopped.Writer.TryWrite("");

    public void Dispose()
    {
        _stop.Cancel();
        _call.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                if (e.ContainerEventType == ContainerEventType.ContainerStoppedEvent)
                {
                    _stopped.Writer.TryWrite(e.ContainerId);
                }
            }

            _stopped.Writer.TryComplete();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            _stopped.Writer.TryComplete(_stop.IsCancellationRequested ? null : new CliException(ExitCodes.Failed, $"the runtime's container event stream failed: {e.Message}"));
        }
    }
}
