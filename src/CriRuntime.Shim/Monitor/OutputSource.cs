using CriRuntime.Shim.Logging;

namespace CriRuntime.Shim.Monitor;

/// <summary>A descriptor the monitor copies into the log: a stdout or stderr pipe, or the pty master.</summary>
internal sealed class OutputSource(int fd, LogStream stream)
{
    public int Fd { get; set; } = fd;

    public LogStream Stream { get; } = stream;

    public bool IsOpen => Fd >= 0;
}
