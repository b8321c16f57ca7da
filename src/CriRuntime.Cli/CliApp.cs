using System.CommandLine;
using System.CommandLine.Help;
using System.Net.Sockets;
using CriRuntime.Cli.Commands;
using CriRuntime.Cli.Terminal;
using CriRuntime.Linux.Files;
using CriRuntime.Protocol;
using Grpc.Core;

namespace CriRuntime.Cli;

/// <summary>The command tree and the one place where failures become messages and exit codes.</summary>
internal static class CliApp
{
    /// <summary>Runs one command line; output goes to the given writers (the console, or a test's buffers).</summary>
    /// <param name="streams">The standard streams as bytes (exec, attach, images import -); null: <paramref name="stdout"/>, <paramref name="stderr"/> and an empty stdin.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool terminal, CancellationToken cancellationToken = default, StandardStreams? streams = null)
    {
        var root = Build(stdout, stderr, terminal, streams ?? StandardStreams.Over(stdout, stderr, Stream.Null));
        var parse = root.Parse(RemoteCommands.SeparateExecCommand(args));
        if (parse.Errors.Count > 0)
        {
            // A word the root does not know is the one error to name: System.CommandLine adds "required command
            // was not provided" for the same line.
            var messages = parse.CommandResult.Command == root && parse.UnmatchedTokens.Count > 0
                ? [$"unknown command \"{parse.UnmatchedTokens[0]}\""]
                : parse.Errors.Select(e => e.Message);
            foreach (var message in messages)
            {
                await stderr.WriteLineAsync($"criruntime: {message}");
            }

            await stderr.WriteLineAsync("run 'criruntime --help' for usage");
            return ExitCodes.Usage;
        }

        if (parse.Action is HelpAction help)
        {
            // Its default width is Console.WindowWidth, which writes the terminal's keypad mode string (StandardStreams).
            help.MaxWidth = !terminal ? int.MaxValue : RawTerminal.Cells(RawTerminal.StandardOutput) is { Width: > 0 } size ? size.Width : 80;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    public static RootCommand Build(TextWriter stdout, TextWriter stderr, bool terminal, StandardStreams streams)
    {
        var root = new RootCommand("criruntime: the operator's command line for criruntimed, over its CRI socket");
        GlobalOptions.AddTo(root);
        var run = new Runner(stdout, stderr, terminal, streams);
        foreach (var command in new[]
        {
            InfoCommands.Version(run), InfoCommands.Info(run),
            ImageCommands.Images(run), ImageCommands.Pull(run), ImageCommands.Rmi(run), InspectCommands.Inspecti(run),
            ListCommands.Pods(run), ListCommands.Ps(run), InspectCommands.Inspect(run), InspectCommands.Inspectp(run),
            LogsCommand.Create(run), StatsCommand.Create(run),
            RemoteCommands.Exec(run), RemoteCommands.Attach(run), PortForwardCommand.Create(run), PlayCommand.Create(run),
            LifecycleCommands.Stop(run), LifecycleCommands.Rm(run), LifecycleCommands.Stopp(run), LifecycleCommands.Rmp(run),
            EventsCommand.Create(run), DeployCommand.Create(run),
        })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Wraps each command's action: builds its context and turns every failure into one message and an exit code.</summary>
    internal sealed class Runner(TextWriter stdout, TextWriter stderr, bool terminal, StandardStreams streams)
    {
        /// <summary>The standard streams as bytes.</summary>
        public StandardStreams Streams => streams;

        public void Action(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> action) =>
            command.SetAction((parse, token) => RunAsync(parse, action, token));

        private async Task<int> RunAsync(ParseResult parse, Func<CliContext, ParseResult, CancellationToken, Task<int>> action, CancellationToken token)
        {
            string endpoint = "";
            try
            {
                var config = CliConfig.Load(parse.GetValue(GlobalOptions.Config)!);
                endpoint = parse.GetValue(GlobalOptions.RuntimeEndpoint) ?? UnixSocketChannel.Scheme + config.Listen;
                try
                {
                    UnixSocketChannel.SocketPath(endpoint);
                }
                catch (ArgumentException)
                {
                    throw CliException.Usage($"--runtime-endpoint \"{endpoint}\" is not unix:///absolute/path");
                }

                var timeout = parse.GetValue(GlobalOptions.Timeout);
                if (timeout <= 0)
                {
                    throw CliException.Usage($"--timeout must be a positive number of seconds, not {timeout}");
                }

                using var context = new CliContext(endpoint, config, parse.GetValue(GlobalOptions.Output), TimeSpan.FromSeconds(timeout), stdout, stderr, terminal);
                return await action(context, parse, token);
            }
            catch (CliException e)
            {
                await stderr.WriteLineAsync($"criruntime: {e.Message}");
                return e.ExitCode;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && token.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (RpcException e)
            {
                var (code, message) = Explain(e, endpoint);
                await stderr.WriteLineAsync($"criruntime: {message}");
                return code;
            }
        }
    }

    /// <summary>An RPC failure as an exit code and a message that says what to do.</summary>
    internal static (int Code, string Message) Explain(RpcException e, string endpoint)
    {
        if (e.StatusCode == StatusCode.Unavailable && Unreachable(e.Status.DebugException) is { } reason)
        {
            var path = UnixSocketChannel.SocketPath(endpoint);
            const string Start = "start the daemon (systemctl start criruntime, or sudo ./deploy/run.sh), or pass --runtime-endpoint";
            var kind = FileKind.Of(path);
            var hint = kind == FileKindValue.Missing ? $"{path} does not exist: {Start}"
                : kind is not (FileKindValue.Socket or FileKindValue.Symlink) ? $"{path} is not a socket ({kind.ToString().ToLowerInvariant()}): pass the daemon's socket with --runtime-endpoint"
                : reason == SocketError.AccessDenied ? $"permission denied on {path}: run as root or as a member of the socket's group"
                : $"nothing serves {path}: {Start}";
            return (ExitCodes.Unreachable, $"cannot reach the runtime at {endpoint}: {hint}");
        }

        var detail = e.Status.Detail.Length > 0 ? e.Status.Detail : e.Message;
        return e.StatusCode switch
        {
            StatusCode.NotFound => (ExitCodes.NotFound, detail),
            StatusCode.DeadlineExceeded => (ExitCodes.Failed, $"{detail} (the call took longer than --timeout; raise it for slow operations)"),
            _ => (ExitCodes.Failed, $"{detail} ({e.StatusCode})"),
        };
    }

    private static SocketError? Unreachable(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return exception is HttpRequestException ? SocketError.ConnectionRefused : null;
    }
}
