using System.CommandLine;
using CriRuntime.Cli.Terminal;
using CriRuntime.Streaming.Client;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>exec [-i] [-t] CONTAINER CMD...</c> and <c>attach [-i] [-t] CONTAINER</c>: the CRI Exec or Attach URL driven
/// over WebSocket (<c>v5.channel.k8s.io</c>). The CLI exits with the remote process's exit code.
/// </summary>
internal static class RemoteCommands
{
    public static Command Exec(CliApp.Runner run)
    {
        var (stdin, tty) = Flags();
        var container = new Argument<string>("CONTAINER") { Description = "id, unique id prefix or name" };
        var command = new Argument<string[]>("CMD") { Description = "the command and its arguments (options after CONTAINER belong to it)", Arity = ArgumentArity.OneOrMore };
        var exec = new Command("exec", "run a command in a running container; exits with its exit code") { stdin, tty, container, command };
        run.Action(exec, async (cli, parse, token) =>
        {
            var target = await Resolve.ContainerAsync(cli, parse.GetValue(container)!, token);
            var (withStdin, withTty) = (parse.GetValue(stdin), parse.GetValue(tty));
            var request = new ExecRequest { ContainerId = target.Id, Stdin = withStdin, Tty = withTty, Stdout = true, Stderr = !withTty };
            request.Cmd.AddRange(parse.GetValue(command)!);
            var url = (await cli.Runtime.ExecAsync(request, deadline: cli.Deadline, cancellationToken: token)).Url;
            return await RelayAsync(cli, run.Streams, url, withStdin, withTty, token);
        });
        return exec;
    }

    public static Command Attach(CliApp.Runner run)
    {
        var (stdin, tty) = Flags();
        var container = new Argument<string>("CONTAINER") { Description = "id, unique id prefix or name" };
        var attach = new Command("attach", "attach to a running container's stdio (-t for a container created with tty); Ctrl-C detaches without -t") { stdin, tty, container };
        run.Action(attach, async (cli, parse, token) =>
        {
            var target = await Resolve.ContainerAsync(cli, parse.GetValue(container)!, token);
            var (withStdin, withTty) = (parse.GetValue(stdin), parse.GetValue(tty));
            var request = new AttachRequest { ContainerId = target.Id, Stdin = withStdin, Tty = withTty, Stdout = true, Stderr = !withTty };
            var url = (await cli.Runtime.AttachAsync(request, deadline: cli.Deadline, cancellationToken: token)).Url;
            return await RelayAsync(cli, run.Streams, url, withStdin, withTty, token);
        });
        return attach;
    }

    /// <summary>
    /// Puts <c>--</c> after exec's CONTAINER, so that options of the command (<c>exec c ls -l</c>, <c>exec c grep -i x</c>)
    /// are never taken for criruntime's. Any other command line is returned as it is.
    /// </summary>
    public static string[] SeparateExecCommand(string[] args)
    {
        // Global options that take a value; exec's own (-i, -t) take none.
        string[] withValue = ["--runtime-endpoint", "-r", "--config", "--output", "-o", "--timeout"];
        var i = 0;
        for (; i < args.Length && args[i] != "exec"; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                return args;
            }

            i += withValue.Contains(args[i]) ? 1 : 0;
        }

        for (i++; i < args.Length && args[i] != "--"; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                return i + 1 < args.Length && args[i + 1] == "--" ? args : [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
            }

            i += withValue.Contains(args[i]) ? 1 : 0;
        }

        return args;
    }

    private static (Option<bool> Stdin, Option<bool> Tty) Flags() => (
        new Option<bool>("--stdin", "-i") { Description = "send standard input to the process (its end closes the process's stdin)" },
        new Option<bool>("--tty", "-t") { Description = "allocate a terminal: the local one goes to raw mode and follows its size" });

    private static async Task<int> RelayAsync(CliContext cli, StandardStreams io, string url, bool stdin, bool tty, CancellationToken token)
    {
        using var raw = tty && stdin && io.InputIsTerminal ? RawTerminal.Enter() : null;
        using var resizes = tty && io.InputIsTerminal ? new ResizeWatch() : null;
        await using var output = io.Output();
        await using var error = io.Error();
        var streams = new RemoteCommandStreams
        {
            Stdin = stdin ? io.Input() : null,
            Stdout = output,
            Stderr = tty ? null : error,
            InitialSize = tty && io.InputIsTerminal ? RawTerminal.Size() : null,
            Resizes = resizes?.Sizes,
        };
        RemoteCommandStatus status;
        try
        {
            status = await RemoteCommandSession.RunAsync(url, streams, token);
        }
        catch (StreamingConnectException e)
        {
            throw new CliException(ExitCodes.Failed, $"{e.Message}; the URL is single-use and expires after the daemon's streaming.token_ttl");
        }
        finally
        {
            raw?.Dispose();
        }

        if (status.ExitCode is { } code)
        {
            return code;
        }

        throw new CliException(ExitCodes.Failed, $"the session failed: {status.Message}");
    }
}
