using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Linux.Diagnostics;

/// <summary>
/// Debug-level lines with durations around the calls out of the daemon that can be slow (OCI runtime commands, CNI
/// plugins, overlay mounts), written once each by the wrapper that makes the call, so a slow CRI call can be
/// explained from the log. Ids in "host calls (Linux)" of <c>EventIdRanges</c>.
/// </summary>
internal static partial class HostCallLog
{
    /// <summary>Milliseconds since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static double Since(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(EventId = 4801, Level = LogLevel.Debug, Message = "OCI runtime {Handler}: {Arguments} exited {ExitCode} after {Milliseconds:0.0} ms")]
    public static partial void OciRuntime(ILogger logger, string handler, string arguments, int exitCode, double milliseconds);

    [LoggerMessage(EventId = 4802, Level = LogLevel.Debug, Message = "CNI plugin {Plugin} {Command} for {ContainerId} exited {ExitCode} after {Milliseconds:0.0} ms (timed out: {TimedOut})")]
    public static partial void CniPlugin(ILogger logger, string plugin, string command, string containerId, int exitCode, double milliseconds, bool timedOut);

    [LoggerMessage(EventId = 4803, Level = LogLevel.Debug, Message = "Mounted an overlay of {Layers} layers at {Target} in {Milliseconds:0.0} ms")]
    public static partial void Mounted(ILogger logger, int layers, string target, double milliseconds);

    [LoggerMessage(EventId = 4804, Level = LogLevel.Debug, Message = "Unmounted {Target} (was mounted: {WasMounted}) in {Milliseconds:0.0} ms")]
    public static partial void Unmounted(ILogger logger, string target, bool wasMounted, double milliseconds);

    [LoggerMessage(EventId = 4805, Level = LogLevel.Debug, Message = "OCI runtime {Handler}: interactive exec in {ContainerId} (tty: {Tty}) exited {ExitCode} after {Milliseconds:0.0} ms")]
    public static partial void InteractiveExec(ILogger logger, string handler, string containerId, bool tty, int exitCode, double milliseconds);

    [LoggerMessage(EventId = 4806, Level = LogLevel.Debug, Message = "Shim launcher for {ContainerId} exited {ExitCode} after {Milliseconds:0.0} ms")]
    public static partial void ShimLaunched(ILogger logger, string containerId, int exitCode, double milliseconds);
}
