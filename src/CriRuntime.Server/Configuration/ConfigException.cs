namespace CriRuntime.Server.Configuration;

/// <summary>A configuration or command-line error: printed as one line, and the daemon exits with code 2.</summary>
internal sealed class ConfigException(string message) : Exception(message);
