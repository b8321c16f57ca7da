using System.CommandLine;
using System.Text.Json.Nodes;
using CriRuntime.Cli.Output;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary><c>version</c> and <c>info</c>: who serves the socket and whether it is ready.</summary>
internal static class InfoCommands
{
    public static Command Version(CliApp.Runner run)
    {
        var command = new Command("version", "the runtime's name and version, and this CLI's");
        run.Action(command, static async (cli, _, token) =>
        {
            var version = await cli.Runtime.VersionAsync(new VersionRequest { Version = "v1" }, deadline: cli.Deadline, cancellationToken: token);
            var client = typeof(InfoCommands).Assembly.GetName().Version?.ToString(3) ?? "unknown";
            if (cli.Format != OutputFormat.Table)
            {
                var node = Structured.ToNode(version).AsObject();
                node["clientVersion"] = client;
                Structured.Write(cli.Out, cli.Format, node);
                return ExitCodes.Success;
            }

            await cli.Out.WriteLineAsync($"Client Version:     {client}");
            await cli.Out.WriteLineAsync($"RuntimeName:        {version.RuntimeName}");
            await cli.Out.WriteLineAsync($"RuntimeVersion:     {version.RuntimeVersion}");
            await cli.Out.WriteLineAsync($"RuntimeApiVersion:  {version.RuntimeApiVersion}");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Info(CliApp.Runner run)
    {
        var command = new Command("info", "runtime conditions, handlers and configuration (Status, verbose); exit 1 when not ready");
        run.Action(command, static async (cli, _, token) =>
        {
            var status = await cli.Runtime.StatusAsync(new StatusRequest { Verbose = true }, deadline: cli.Deadline, cancellationToken: token);
            // The kubelet's two conditions decide; others (handlers that cannot run here) are reported, not fatal.
            var ready = status.Status.Conditions.Where(static c => c.Type is "RuntimeReady" or "NetworkReady").All(static c => c.Status);
            if (cli.Format != OutputFormat.Table)
            {
                var node = new JsonObject
                {
                    ["status"] = Structured.ToNode(status.Status),
                    ["runtimeHandlers"] = Structured.ToArray(status.RuntimeHandlers),
                    ["features"] = status.Features is null ? null : Structured.ToNode(status.Features),
                    ["info"] = Structured.Info(status.Info),
                };
                Structured.Write(cli.Out, cli.Format, node);
                return ready ? ExitCodes.Success : ExitCodes.Failed;
            }

            var conditions = Human.Table("CONDITION", "STATUS", "REASON", "MESSAGE");
            foreach (var condition in status.Status.Conditions)
            {
                Human.Row(conditions, condition.Type, condition.Status ? "true" : "false", condition.Reason, condition.Message);
            }

            cli.Console.Write(conditions);
            await cli.Out.WriteLineAsync();
            var handlers = Human.Table("HANDLER", "RECURSIVE READ-ONLY MOUNTS", "USER NAMESPACES");
            foreach (var handler in status.RuntimeHandlers)
            {
                Human.Row(handlers, handler.Name.Length == 0 ? "(default)" : handler.Name,
                    Flag(handler.Features?.RecursiveReadOnlyMounts), Flag(handler.Features?.UserNamespaces));
            }

            cli.Console.Write(handlers);
            if (status.Info.Count > 0)
            {
                await cli.Out.WriteLineAsync();
                Structured.Write(cli.Out, OutputFormat.Json, Structured.Info(status.Info));
            }

            return ready ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static string Flag(bool? value) => value == true ? "yes" : "no";
}
