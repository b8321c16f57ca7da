namespace CriRuntime.Dockerfile.Cli;

/// <summary>A configuration file that could not be read or parsed; exit code 2.</summary>
internal sealed class ConfigException(string message, Exception? inner) : Exception(message, inner);
