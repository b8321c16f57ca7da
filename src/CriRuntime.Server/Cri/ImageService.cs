using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Registry;
using Google.Protobuf.Collections;
using Grpc.Core;
using V1 = global::Runtime.V1;

namespace CriRuntime.Server.Cri;

/// <summary>
/// The CRI ImageService adapter: translates messages and calls <see cref="ImageManager"/> (and, for the containers'
/// filesystem in ImageFsInfo, <see cref="ContainerManager"/> when there is one). Domain errors are
/// <see cref="CriException"/>s, which the error interceptor turns into gRPC status codes.
/// </summary>
internal sealed class ImageService(ImageManager images, ContainerManager? containers = null) : V1.ImageService.ImageServiceBase
{
    public override async Task<V1.PullImageResponse> PullImage(V1.PullImageRequest request, ServerCallContext context)
    {
        var reference = request.Image?.Image;
        if (string.IsNullOrEmpty(reference))
        {
            throw new CriException(ErrorKind.InvalidArgument, "image reference is empty");
        }

        var auth = request.Auth;
        var credentials = auth is null
            ? null
            : RegistryCredentials.From(auth.Username, auth.Password, auth.Auth, auth.IdentityToken, auth.RegistryToken);
        var image = await images.PullAsync(reference, credentials, context.CancellationToken);
        return new V1.PullImageResponse { ImageRef = image.Id };
    }

    public override Task<V1.ListImagesResponse> ListImages(V1.ListImagesRequest request, ServerCallContext context)
    {
        var response = new V1.ListImagesResponse();
        response.Images.AddRange(images.List(request.Filter?.Image?.Image).Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task StreamImages(V1.StreamImagesRequest request, IServerStreamWriter<V1.StreamImagesResponse> responseStream, ServerCallContext context) =>
        ListStream.WriteAsync(
            images.List(request.Filter?.Image?.Image).Select(ToProto),
            batch => new V1.StreamImagesResponse { Images = { batch } },
            responseStream,
            context.CancellationToken);

    public override async Task<V1.ImageStatusResponse> ImageStatus(V1.ImageStatusRequest request, ServerCallContext context)
    {
        var name = request.Image?.Image;
        if (string.IsNullOrEmpty(name))
        {
            throw new CriException(ErrorKind.InvalidArgument, "image is empty");
        }

        var response = new V1.ImageStatusResponse();
        if (images.Find(name) is not { } image)
        {
            // Kubelet reads an empty response as "not present".
            return response;
        }

        response.Image = ToProto(image);
        if (request.Verbose)
        {
            response.Info["info"] = await images.DescribeAsync(image, context.CancellationToken);
        }

        return response;
    }

    public override Task<V1.RemoveImageResponse> RemoveImage(V1.RemoveImageRequest request, ServerCallContext context)
    {
        var name = request.Image?.Image;
        if (string.IsNullOrEmpty(name))
        {
            throw new CriException(ErrorKind.InvalidArgument, "image is empty");
        }

        images.Remove(name);
        return Task.FromResult(new V1.RemoveImageResponse());
    }

    public override Task<V1.ImageFsInfoResponse> ImageFsInfo(V1.ImageFsInfoRequest request, ServerCallContext context)
    {
        var response = new V1.ImageFsInfoResponse();
        response.ImageFilesystems.Add(ToProto(images.GetFsUsage()));
        if (containers is not null)
        {
            // Always set, as KEP-4191 asks: kubelet compares the two to see whether the image filesystem is split.
            response.ContainerFilesystems.Add(ToProto(containers.WritableLayersUsage()));
        }

        return Task.FromResult(response);
    }

    private static V1.FilesystemUsage ToProto(ImageFsUsage usage) => new()
    {
        Timestamp = (usage.Timestamp - DateTimeOffset.UnixEpoch).Ticks * 100,
        FsId = new V1.FilesystemIdentifier { Mountpoint = usage.Mountpoint },
        UsedBytes = new V1.UInt64Value { Value = usage.UsedBytes },
        InodesUsed = new V1.UInt64Value { Value = usage.InodesUsed },
    };

    internal static V1.Image ToProto(ImageRecord image)
    {
        var proto = new V1.Image
        {
            Id = image.Id,
            Size = (ulong)Math.Max(0, image.Size),
            Spec = new V1.ImageSpec { Image = image.Id },
            Pinned = image.Pinned,
        };
        Add(proto.RepoTags, image.RepoTags);
        Add(proto.RepoDigests, image.RepoDigests);
        var (uid, username) = ImageManager.ParseUser(image.User);
        if (uid is { } value)
        {
            proto.Uid = new V1.Int64Value { Value = value };
        }

        proto.Username = username;
        return proto;
    }

    private static void Add(RepeatedField<string> field, IEnumerable<string> values) => field.AddRange(values);
}
