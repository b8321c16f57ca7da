namespace CriRuntime.Dockerfile.Cli;

internal static class ExitCodes
{
    /// <summary>No finding at or above the failure threshold.</summary>
    public const int Clean = 0;

    /// <summary>At least one finding at or above the failure threshold.</summary>
    public const int Findings = 1;

    /// <summary>Bad arguments, or a file or configuration that could not be read.</summary>
    public const int UsageOrIoError = 2;
}
