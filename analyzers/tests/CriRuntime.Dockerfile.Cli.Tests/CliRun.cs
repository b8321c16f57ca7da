namespace CriRuntime.Dockerfile.Cli.Tests;

/// <summary>Runs the program's entry in-process with captured output.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(string currentDirectory, params string[] args) => With(currentDirectory, null, false, null, args);

    public static CliRun With(string currentDirectory, string? stdin, bool terminal, string? noColor, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(new StringReader(stdin ?? string.Empty), stdout, stderr, terminal, noColor, currentDirectory);
        var exitCode = LintCommand.Run(args, console);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
