namespace CriRuntime.Cli;

/// <summary>A failure the CLI explains itself: the message says what went wrong and what to do; the code is the exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
