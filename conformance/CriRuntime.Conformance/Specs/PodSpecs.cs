using CriRuntime.Conformance.Running;
using Grpc.Core;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>Sandbox lifecycle and status fields, names, and listing filters.</summary>
internal static class PodSpecs
{
    public static IEnumerable<Spec> All()
    {
        yield return new Spec("sandboxes", "a running sandbox is Ready with its metadata, labels and annotations", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "status", configure: c => c.Annotations.Add("note", "kept"));
            var status = (await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id })).Status;
            Check.Equal(PodSandboxState.SandboxReady, status.State, "state");
            Check.Equal(pod.Config.Metadata.Name, status.Metadata.Name, "metadata.name");
            Check.Equal(pod.Config.Metadata.Uid, status.Metadata.Uid, "metadata.uid");
            Check.That(status.CreatedAt > 0, "created_at is 0");
            Check.Equal(ctx.RunId, status.Labels.GetValueOrDefault("cri-conformance", ""), "label");
            Check.Equal("kept", status.Annotations.GetValueOrDefault("note", ""), "annotation");
        });

        yield return new Spec("sandboxes", "a stopped sandbox is NotReady and a removed one is NotFound", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "stop");
            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
            var status = (await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id })).Status;
            Check.Equal(PodSandboxState.SandboxNotready, status.State, "state after stop");
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            await Check.Fails(StatusCode.NotFound, async () => await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id }), "status after remove");
        });

        yield return new Spec("sandboxes", "ListPodSandbox filters by id, state and label", async ctx =>
        {
            var ready = await Pods.RunAsync(ctx, "list-a");
            var stopped = await Pods.RunAsync(ctx, "list-b");
            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = stopped.Id });

            var byId = await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = new PodSandboxFilter { Id = ready.Id } });
            Check.Equal(ready.Id, byId.Items.SingleOrDefault()?.Id ?? "", "filter by id");

            var byLabel = new PodSandboxFilter();
            byLabel.LabelSelector.Add("cri-conformance", ctx.RunId);
            var labelled = await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = byLabel });
            Check.Equal(2, labelled.Items.Count, "pods with this run's label");

            byLabel.State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready };
            var notReady = await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = byLabel });
            Check.Equal(stopped.Id, notReady.Items.SingleOrDefault()?.Id ?? "", "filter by label and state");
        });

        yield return new Spec("sandboxes", "a sandbox name in use is refused until its holder is removed", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "dup");
            try
            {
                var second = await ctx.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod.Config });
                await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = second.PodSandboxId });
                await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = second.PodSandboxId });
                throw new SpecFailure("a second sandbox with the same name was created");
            }
            catch (RpcException)
            {
                // Refused, as kubelet expects (the code differs between runtimes).
            }

            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id });
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
            var again = await ctx.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod.Config });
            await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = again.PodSandboxId });
            await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = again.PodSandboxId });
        });
    }
}
