using System.Runtime.InteropServices;
using CriRuntime.Cli;
using CriRuntime.Linux.Files;

// criruntime: exit codes are documented in docs/cli.md and ExitCodes.cs. Output never goes through System.Console
// (see StandardStreams.Process): that would write the terminal's keypad mode string.
var terminal = !Console.IsOutputRedirected;
var interrupts = new List<PosixSignalRegistration>();
if (terminal)
{
    // Live displays (pull, stats) hide the cursor; System.CommandLine cancels the command at SIGINT or SIGTERM but lets
    // the signal end the process if it has not returned 2 s later, so the cursor is shown again at once. (Not
    // Console.CancelKeyPress: subscribing initialises the terminal as a Console write does.) One write(2) of its own,
    // never interleaved inside the writer's output.
    var cursor = new OutputDescriptorStream(1);
    foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
    {
        interrupts.Add(PosixSignalRegistration.Create(signal, _ => cursor.Write("\u001b[?25h"u8)));
    }
}

try
{
    return await CliApp.RunAsync(args, StandardStreams.Writer(1), StandardStreams.Writer(2), terminal, streams: StandardStreams.Process());
}
finally
{
    interrupts.ForEach(static r => r.Dispose());
}
