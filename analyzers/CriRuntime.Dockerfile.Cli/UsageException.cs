namespace CriRuntime.Dockerfile.Cli;

/// <summary>A bad command line; reported on stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
