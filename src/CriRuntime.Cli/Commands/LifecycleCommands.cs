using System.CommandLine;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary><c>stop</c>, <c>rm</c>, <c>stopp</c> and <c>rmp</c>: each argument in turn, the first failure ends the command.</summary>
internal static class LifecycleCommands
{
    public static Command Stop(CliApp.Runner run)
    {
        var timeout = new Option<long>("--time", "-t") { Description = "seconds to wait after SIGTERM before SIGKILL", DefaultValueFactory = static _ => 10 };
        return Each(run, "stop", "CONTAINER", "stop running containers", [timeout], async (cli, parse, reference, token) =>
        {
            var container = await Resolve.ContainerAsync(cli, reference, token);
            var seconds = parse.GetValue(timeout);
            // The stop itself may take the grace period: the call's deadline gets it on top.
            await cli.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = container.Id, Timeout = seconds },
                deadline: cli.Deadline.AddSeconds(seconds), cancellationToken: token);
            return container.Id;
        });
    }

    public static Command Rm(CliApp.Runner run)
    {
        var force = new Option<bool>("--force", "-f") { Description = "stop a running container first" };
        return Each(run, "rm", "CONTAINER", "remove containers", [force], async (cli, parse, reference, token) =>
        {
            var container = await Resolve.ContainerAsync(cli, reference, token);
            if (container.State == ContainerState.ContainerRunning)
            {
                if (!parse.GetValue(force))
                {
                    throw new CliException(ExitCodes.Failed, $"container {Output.Human.Short(container.Id)} is running: stop it first, or use rm --force");
                }

                await cli.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = container.Id, Timeout = 0 }, deadline: cli.Deadline, cancellationToken: token);
            }

            await cli.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = container.Id }, deadline: cli.Deadline, cancellationToken: token);
            return container.Id;
        });
    }

    public static Command Stopp(CliApp.Runner run) => Each(run, "stopp", "POD", "stop pod sandboxes and their containers", [], async (cli, _, reference, token) =>
    {
        var pod = await Resolve.PodAsync(cli, reference, token);
        await cli.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id }, deadline: cli.Deadline, cancellationToken: token);
        return pod.Id;
    });

    public static Command Rmp(CliApp.Runner run)
    {
        var force = new Option<bool>("--force", "-f") { Description = "stop a ready pod first" };
        return Each(run, "rmp", "POD", "remove pod sandboxes and their containers", [force], async (cli, parse, reference, token) =>
        {
            var pod = await Resolve.PodAsync(cli, reference, token);
            if (pod.State == PodSandboxState.SandboxReady)
            {
                if (!parse.GetValue(force))
                {
                    throw new CliException(ExitCodes.Failed, $"pod {Output.Human.Short(pod.Id)} is ready: stop it first (stopp), or use rmp --force");
                }

                await cli.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.Id }, deadline: cli.Deadline, cancellationToken: token);
            }

            await cli.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id }, deadline: cli.Deadline, cancellationToken: token);
            return pod.Id;
        });
    }

    private static Command Each(CliApp.Runner run, string name, string argument, string description, Option[] options,
        Func<CliContext, ParseResult, string, CancellationToken, Task<string>> act)
    {
        var ids = new Argument<string[]>(argument) { Description = "ids, unique id prefixes or names", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { ids };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        run.Action(command, async (cli, parse, token) =>
        {
            foreach (var reference in parse.GetValue(ids)!)
            {
                await cli.Out.WriteLineAsync(await act(cli, parse, reference, token));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
