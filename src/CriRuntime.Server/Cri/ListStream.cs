using Google.Protobuf;
using Grpc.Core;

namespace CriRuntime.Server.Cri;

/// <summary>
/// The list-streaming RPCs of cri-api v0.36 (<c>Stream*</c>): the unary twin's items, written in batches so that no
/// message nears the gRPC size limit however many there are. No items: no message.
/// </summary>
internal static class ListStream
{
    /// <summary>Items per streamed message.</summary>
    public const int BatchSize = 200;

    public static async Task WriteAsync<TItem, TResponse>(
        IEnumerable<TItem> items, Func<TItem[], TResponse> batch, IServerStreamWriter<TResponse> stream, CancellationToken cancellationToken)
        where TResponse : IMessage
    {
        foreach (var chunk in items.Chunk(BatchSize))
        {
            await stream.WriteAsync(batch(chunk), cancellationToken);
        }
    }
}
