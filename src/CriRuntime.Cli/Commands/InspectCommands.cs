using System.CommandLine;
using System.Text.Json.Nodes;
using CriRuntime.Cli.Output;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>inspect</c>, <c>inspectp</c> and <c>inspecti</c>: the verbose status of containers, pods and images as JSON
/// (YAML with <c>-o yaml</c>), with the runtime's info documents parsed, one object per argument (an array for several).
/// </summary>
internal static class InspectCommands
{
    public static Command Inspect(CliApp.Runner run) => Create(run, "inspect", "CONTAINER", "containers' status", static async (cli, reference, token) =>
    {
        var container = await Resolve.ContainerAsync(cli, reference, token);
        var response = await cli.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = container.Id, Verbose = true }, deadline: cli.Deadline, cancellationToken: token);
        return new JsonObject { ["status"] = Structured.ToNode(response.Status), ["info"] = Structured.Info(response.Info) };
    });

    public static Command Inspectp(CliApp.Runner run) => Create(run, "inspectp", "POD", "pod sandboxes' status", static async (cli, reference, token) =>
    {
        var pod = await Resolve.PodAsync(cli, reference, token);
        var response = await cli.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = pod.Id, Verbose = true }, deadline: cli.Deadline, cancellationToken: token);
        return new JsonObject
        {
            ["status"] = Structured.ToNode(response.Status),
            ["info"] = Structured.Info(response.Info),
            ["containersStatuses"] = Structured.ToArray(response.ContainersStatuses),
        };
    });

    public static Command Inspecti(CliApp.Runner run) => Create(run, "inspecti", "IMAGE", "images' status", static async (cli, reference, token) =>
    {
        var image = await Resolve.ImageAsync(cli, reference, token);
        var response = await cli.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image.Id }, Verbose = true }, deadline: cli.Deadline, cancellationToken: token);
        return new JsonObject { ["status"] = Structured.ToNode(response.Image), ["info"] = Structured.Info(response.Info) };
    });

    private static Command Create(CliApp.Runner run, string name, string argument, string what, Func<CliContext, string, CancellationToken, Task<JsonObject>> inspect)
    {
        var ids = new Argument<string[]>(argument) { Description = "ids, unique id prefixes or names", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, $"{what} as JSON (or -o yaml)") { ids };
        run.Action(command, async (cli, parse, token) =>
        {
            var results = new List<JsonNode>();
            foreach (var reference in parse.GetValue(ids)!)
            {
                results.Add(await inspect(cli, reference, token));
            }

            var format = cli.Format == OutputFormat.Yaml ? OutputFormat.Yaml : OutputFormat.Json;
            Structured.Write(cli.Out, format, results.Count == 1 ? results[0] : new JsonArray([.. results]));
            return ExitCodes.Success;
        });
        return command;
    }
}
