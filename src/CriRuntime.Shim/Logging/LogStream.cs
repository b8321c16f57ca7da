namespace CriRuntime.Shim.Logging;

/// <summary>The stream tag of a CRI log line.</summary>
internal enum LogStream
{
    Stdout,
    Stderr,
}
