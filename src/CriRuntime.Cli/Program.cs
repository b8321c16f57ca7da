using CriRuntime.Cli;

// criruntime: exit codes are documented in docs/cli.md and ExitCodes.cs. Output never goes through System.Console
// (see StandardStreams.Process): that would write the terminal's keypad mode string. Signals are System.CommandLine's:
// SIGINT and SIGTERM cancel the command, which then returns 130 (or 143).
var terminal = !Console.IsOutputRedirected;
var stdout = StandardStreams.Writer(1);
var code = await CliApp.RunAsync(args, stdout, StandardStreams.Writer(2), terminal, streams: StandardStreams.Process());
if (terminal && code == ExitCodes.Interrupted)
{
    // A live display (pull, stats) that did not end within the termination timeout may have left the cursor hidden.
    stdout.Write("\u001b[?25h");
}

return code;
