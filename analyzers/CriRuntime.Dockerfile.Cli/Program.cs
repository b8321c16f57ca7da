using System.Text;

namespace CriRuntime.Dockerfile.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        // Buffered: one write per run instead of one per line, and no autoflush cost on a console.
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        using var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
        using var stdin = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        var console = new CliConsole(
            stdin,
            stdout,
            stderr,
            OutputIsTerminal: !Console.IsOutputRedirected,
            NoColor: Environment.GetEnvironmentVariable("NO_COLOR"),
            CurrentDirectory: Environment.CurrentDirectory);
        var exitCode = LintCommand.Run(args, console);
        stdout.Flush();
        return exitCode;
    }
}
