namespace CriRuntime.Cli;

/// <summary>The CLI's exit codes (docs/cli.md): scripts branch on these, never on message text.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The runtime refused or failed the request; the message carries its gRPC code and text.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown flag, a missing argument, a bad value, an ambiguous id prefix.</summary>
    public const int Usage = 2;

    /// <summary>The runtime cannot be reached: no socket, nobody serving it, or no permission to open it.</summary>
    public const int Unreachable = 3;

    /// <summary>A named container, pod sandbox or image does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>Interrupted by SIGINT or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
