using CriRuntime.Admin.V1;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Progress;
using Grpc.Core;

namespace CriRuntime.Server.Admin;

/// <summary>
/// criruntime's own admin service (proto/criruntime/admin/v1/admin.proto) on the CRI socket: views CRI has no message
/// for. Thin, like the CRI adapters.
/// </summary>
internal sealed class AdminService(PullProgressTracker pulls, ImageManager images) : CriRuntime.Admin.V1.Admin.AdminBase
{
    /// <summary>ImportImages: the chunks are read as one tarball stream by the image manager.</summary>
    public override async Task<ImportImagesResponse> ImportImages(IAsyncStreamReader<ImportChunk> requestStream, ServerCallContext context)
    {
        await using var archive = new ChunkStream(requestStream);
        var response = new ImportImagesResponse();
        foreach (var image in await images.ImportAsync(archive, context.CancellationToken))
        {
            var imported = new ImportedImage { Id = image.Id };
            imported.RepoTags.AddRange(image.RepoTags);
            response.Images.Add(imported);
        }

        return response;
    }

    /// <summary>ExportImages: the image manager writes the tarball into chunks of the response stream.</summary>
    public override async Task ExportImages(ExportImagesRequest request, IServerStreamWriter<ExportChunk> responseStream, ServerCallContext context)
    {
        var archive = new ExportChunkStream(responseStream, context.CancellationToken);
        await images.ExportAsync(request.Images, archive, context.CancellationToken);
        await archive.FlushAsync(context.CancellationToken);
    }

    /// <summary>WatchPulls: snapshots of matching pulls until the client goes away.</summary>
    public override async Task WatchPulls(WatchPullsRequest request, IServerStreamWriter<PullProgress> responseStream, ServerCallContext context)
    {
        using var watch = pulls.Watch(request.Image.Length > 0 ? request.Image : null);
        // Headers tell the client the watch is in place: a pull it starts now is seen from its start.
        await context.WriteResponseHeadersAsync([]);
        await foreach (var snapshot in watch.Reader.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(ToMessage(snapshot), context.CancellationToken);
        }
    }

    internal static PullProgress ToMessage(PullSnapshot snapshot)
    {
        var message = new PullProgress
        {
            Image = snapshot.Image,
            Reference = snapshot.Reference,
            Done = snapshot.Done,
            ImageRef = snapshot.ImageRef,
            Error = snapshot.Error,
            StartedAt = snapshot.StartedAtNanos,
        };
        message.Layers.AddRange(snapshot.Layers.Select(static l => new CriRuntime.Admin.V1.LayerProgress
        {
            Digest = l.Digest,
            State = (LayerState)(int)l.State,
            BytesDone = l.BytesDone,
            BytesTotal = l.BytesTotal,
        }));
        return message;
    }
}
