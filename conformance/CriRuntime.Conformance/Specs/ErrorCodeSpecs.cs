using CriRuntime.Conformance.Running;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>The status codes kubelet acts on: NotFound for unknown ids, success for repeated stops and removals.</summary>
internal static class ErrorCodeSpecs
{
    private const string UnknownId = "0000000000000000000000000000000000000000000000000000000000c0ffee";

    public static IEnumerable<Spec> All()
    {
        yield return new Spec("errors", "PodSandboxStatus of an unknown id is NotFound", async ctx =>
            await Check.Fails(StatusCode.NotFound, async () => await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = UnknownId }), "PodSandboxStatus"));

        yield return new Spec("errors", "ContainerStatus of an unknown id is NotFound", async ctx =>
            await Check.Fails(StatusCode.NotFound, async () => await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = UnknownId }), "ContainerStatus"));

        yield return new Spec("errors", "RemovePodSandbox of an unknown id succeeds", async ctx =>
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = UnknownId }));

        yield return new Spec("errors", "RemoveContainer of an unknown id succeeds", async ctx =>
            await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = UnknownId }));

        yield return new Spec("errors", "CreateContainer in an unknown sandbox is NotFound", async ctx =>
            await Check.Fails(StatusCode.NotFound, async () => await ctx.Runtime.CreateContainerAsync(new CreateContainerRequest
            {
                PodSandboxId = UnknownId,
                Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "c" }, Image = new ImageSpec { Image = "busybox" } },
                SandboxConfig = new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = "p", Namespace = "n", Uid = "u" } },
            }), "CreateContainer"));

        yield return new Spec("errors", "ImageStatus of a missing image is an empty answer", async ctx =>
        {
            var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = "example.invalid/criruntime/missing:never" } });
            Check.That(status.Image is null, "image is set for an image that was never pulled");
        });

        yield return new Spec("errors", "RemoveImage of a missing image succeeds", async ctx =>
            await ctx.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = "example.invalid/criruntime/missing:never" } }));
    }
}
