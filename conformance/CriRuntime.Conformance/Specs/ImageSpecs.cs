using CriRuntime.Conformance.Running;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>PullImage, ImageStatus, ListImages and RemoveImage as kubelet uses them.</summary>
internal static class ImageSpecs
{
    public static IEnumerable<Spec> All()
    {
        yield return new Spec("images", "a pull by tag reports the image id that status and list report", async ctx =>
        {
            var image = ctx.Fixtures.Busybox;
            var pulled = await Pull(ctx, image);
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } });
            Check.That(status.Image is not null, "ImageStatus is empty after the pull");
            Check.Equal(pulled, status.Image!.Id, "image_ref vs ImageStatus id");
            Check.That(status.Image.RepoTags.Contains(image), $"repo_tags [{string.Join(", ", status.Image.RepoTags)}] lack {image}");
            Check.That(status.Image.Size > 0, "size is 0");
            var list = await ctx.Images.ListImagesAsync(new ListImagesRequest());
            Check.That(list.Images.Any(i => i.Id == pulled), "ListImages does not list the pulled image");
        });

        yield return new Spec("images", "a pull by digest records the repo digest", async ctx =>
        {
            var repository = ctx.Fixtures.Busybox[..ctx.Fixtures.Busybox.LastIndexOf(':')];
            var byDigest = $"{repository}@{ctx.Fixtures.BusyboxDigest}";
            var pulled = await Pull(ctx, byDigest);
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = byDigest } });
            Check.That(status.Image is not null, "ImageStatus by digest is empty after the pull");
            Check.Equal(pulled, status.Image!.Id, "image_ref vs ImageStatus id");
            Check.That(status.Image.RepoDigests.Contains(byDigest), $"repo_digests [{string.Join(", ", status.Image.RepoDigests)}] lack {byDigest}");
        });

        yield return new Spec("images", "pulling an image that is present is idempotent", async ctx =>
        {
            var first = await Pull(ctx, ctx.Fixtures.Busybox);
            var second = await Pull(ctx, ctx.Fixtures.Busybox);
            Check.Equal(first, second, "image_ref of the second pull");
        });

        yield return new Spec("images", "ImageStatus finds an image by its id", async ctx =>
        {
            var id = await Pull(ctx, ctx.Fixtures.Busybox);
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = id } });
            Check.That(status.Image is not null, "ImageStatus by id is empty");
            Check.Equal(id, status.Image!.Id, "id");
        });

        yield return new Spec("images", "ListImages filters by image", async ctx =>
        {
            await Pull(ctx, ctx.Fixtures.Busybox);
            var other = await Pull(ctx, ctx.Fixtures.UserUid);
            var list = await ctx.Images.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = new ImageSpec { Image = ctx.Fixtures.UserUid } } });
            Check.Equal(1, list.Images.Count, "images matching the filter");
            Check.Equal(other, list.Images[0].Id, "the filtered image");
        });

        yield return new Spec("images", "the image's numeric USER is reported as uid", async ctx =>
        {
            await Pull(ctx, ctx.Fixtures.UserUid);
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = ctx.Fixtures.UserUid } });
            Check.Equal(1002L, status.Image?.Uid?.Value ?? -1, "uid");
            Check.Equal("", status.Image!.Username, "username");
        });

        yield return new Spec("images", "the image's named USER is reported as username", async ctx =>
        {
            await Pull(ctx, ctx.Fixtures.UserName);
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = ctx.Fixtures.UserName } });
            Check.Equal("www-data", status.Image?.Username ?? "", "username");
            Check.That(status.Image!.Uid is null, "uid is set for a named user");
        });

        yield return new Spec("images", "a removed image is gone and removing it again succeeds", async ctx =>
        {
            var image = ctx.Fixtures.BusyboxOther;
            await Pull(ctx, image);
            await ctx.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } });
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } });
            Check.That(status.Image is null, "ImageStatus still finds the removed image");
            await ctx.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } });
        });

        yield return new Spec("images", "ImageFsInfo reports the image filesystem", async ctx =>
        {
            await Pull(ctx, ctx.Fixtures.Busybox);
            var info = await ctx.Images.ImageFsInfoAsync(new ImageFsInfoRequest());
            Check.That(info.ImageFilesystems.Count > 0, "no image filesystem");
            var fs = info.ImageFilesystems[0];
            Check.That(fs.FsId?.Mountpoint.Length > 0, "no mountpoint");
            Check.That(fs.UsedBytes?.Value > 0, "used bytes is 0 with an image present");
        });
    }

    private static async Task<string> Pull(SpecContext ctx, string image)
    {
        var response = await ctx.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image } });
        Check.That(response.ImageRef.Length > 0, $"image_ref is empty for {image}");
        return response.ImageRef;
    }
}
