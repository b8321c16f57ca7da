using System.CommandLine;
using CriRuntime.Cli.Output;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary><c>pods</c> and <c>ps</c>: pod sandboxes and containers, filtered on the runtime's side where CRI allows.</summary>
internal static class ListCommands
{
    public static Command Pods(CliApp.Runner run)
    {
        var name = new Option<string?>("--name") { Description = "only pods with this name" };
        var ns = new Option<string?>("--namespace") { Description = "only pods in this namespace" };
        var state = new Option<string?>("--state") { Description = "ready or notready" };
        var label = new Option<string[]>("--label") { Description = "key=value, repeatable: only pods with all these labels", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "only pod ids" };
        var command = new Command("pods", "list pod sandboxes") { name, ns, state, label, quiet };
        run.Action(command, async (cli, parse, token) =>
        {
            var filter = new PodSandboxFilter();
            filter.LabelSelector.Add(Filters.Labels(parse.GetValue(label)));
            if (Filters.State<PodSandboxState>(parse.GetValue(state), "SANDBOX", "--state") is { } s)
            {
                filter.State = new PodSandboxStateValue { State = s };
            }

            var pods = (await cli.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, deadline: cli.Deadline, cancellationToken: token)).Items
                .Where(p => parse.GetValue(name) is not { } n || p.Metadata?.Name == n)
                .Where(p => parse.GetValue(ns) is not { } n || p.Metadata?.Namespace == n)
                .OrderByDescending(static p => p.CreatedAt)
                .ToList();
            Listing.Write(cli, "items", pods, parse.GetValue(quiet), static p => p.Id, () =>
            {
                var now = DateTimeOffset.UtcNow;
                var table = Human.Table("POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME");
                foreach (var pod in pods)
                {
                    Human.Row(table, Human.Short(pod.Id), Human.Age(pod.CreatedAt, now), pod.State == PodSandboxState.SandboxReady ? "Ready" : "NotReady",
                        pod.Metadata?.Name ?? "", pod.Metadata?.Namespace ?? "", $"{pod.Metadata?.Attempt ?? 0}", pod.RuntimeHandler.Length == 0 ? "(default)" : pod.RuntimeHandler);
                }

                return table;
            });
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Ps(CliApp.Runner run)
    {
        var all = new Option<bool>("--all", "-a") { Description = "all containers (default: running only)" };
        var state = new Option<string?>("--state") { Description = "created, running, exited or unknown" };
        var pod = new Option<string?>("--pod", "-p") { Description = "only containers of this pod (id, prefix or name)" };
        var name = new Option<string?>("--name") { Description = "only containers with this name" };
        var label = new Option<string[]>("--label") { Description = "key=value, repeatable: only containers with all these labels" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "only container ids" };
        var command = new Command("ps", "list containers") { all, state, pod, name, label, quiet };
        run.Action(command, async (cli, parse, token) =>
        {
            var filter = new ContainerFilter();
            filter.LabelSelector.Add(Filters.Labels(parse.GetValue(label)));
            if (Filters.State<ContainerState>(parse.GetValue(state), "CONTAINER", "--state") is { } s)
            {
                filter.State = new ContainerStateValue { State = s };
            }
            else if (!parse.GetValue(all))
            {
                filter.State = new ContainerStateValue { State = ContainerState.ContainerRunning };
            }

            var pods = (await cli.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: cli.Deadline, cancellationToken: token)).Items.ToDictionary(static p => p.Id);
            if (parse.GetValue(pod) is { } podReference)
            {
                filter.PodSandboxId = (await Resolve.PodAsync(cli, podReference, token)).Id;
            }

            var containers = (await cli.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, deadline: cli.Deadline, cancellationToken: token)).Containers
                .Where(c => parse.GetValue(name) is not { } n || c.Metadata?.Name == n)
                .OrderByDescending(static c => c.CreatedAt)
                .ToList();
            Listing.Write(cli, "containers", containers, parse.GetValue(quiet), static c => c.Id, () =>
            {
                var now = DateTimeOffset.UtcNow;
                var table = Human.Table("CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD");
                foreach (var c in containers)
                {
                    Human.Row(table, Human.Short(c.Id), c.Image?.UserSpecifiedImage is { Length: > 0 } u ? u : c.Image?.Image ?? c.ImageRef, Human.Age(c.CreatedAt, now),
                        StateName(c.State), c.Metadata?.Name ?? "", $"{c.Metadata?.Attempt ?? 0}", Human.Short(c.PodSandboxId),
                        pods.TryGetValue(c.PodSandboxId, out var p) ? p.Metadata?.Name ?? "" : "");
                }

                return table;
            });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>"Running" for CONTAINER_RUNNING, as crictl writes states.</summary>
    internal static string StateName(ContainerState state) => state switch
    {
        ContainerState.ContainerCreated => "Created",
        ContainerState.ContainerRunning => "Running",
        ContainerState.ContainerExited => "Exited",
        _ => "Unknown",
    };
}
