using CriRuntime.Cli;

// criruntime: exit codes are documented in docs/cli.md and ExitCodes.cs.
var terminal = !Console.IsOutputRedirected;
if (terminal)
{
    // Live displays (pull, stats, logs -f, events) hide the cursor; an interrupt must not leave the terminal without it.
    Console.CancelKeyPress += static (_, _) => Console.Out.Write("\u001b[?25h");
    AppDomain.CurrentDomain.ProcessExit += static (_, _) => Console.Out.Write("\u001b[?25h");
}

return await CliApp.RunAsync(args, Console.Out, Console.Error, terminal, streams: StandardStreams.Process());
