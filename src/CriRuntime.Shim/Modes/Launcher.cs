using System.Text;
using CriRuntime.Shim.Interop;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Modes;

/// <summary>
/// Detaching without fork: a started .NET runtime has threads, and fork() copies only the caller, so the child could
/// deadlock in the runtime before it reaches exec. Instead the shim spawns itself again with posix_spawn in a new
/// session (POSIX_SPAWN_SETSID), stdio on /dev/null and a readiness pipe as fd 3, then waits on that pipe. The monitor
/// writes "ok" once its control socket exists, or "error: ..." when create failed; the launcher then prints the
/// monitor's PID (success) or the error (stderr) and exits, so the monitor is reparented away from the daemon: it is
/// neither the daemon's child nor in its process group or session, and survives the daemon's death.
/// </summary>
internal static class Launcher
{
    public static int LaunchAndWait(string[] args)
    {
        var self = Environment.ProcessPath ?? throw new ShimException("cannot find the shim's own executable");
        var (readEnd, writeEnd) = Fd.Pipe();
        var devNull = Fd.Open("/dev/null", O_RDWR);
        int pid;
        try
        {
            var argv = new List<string> { self, "run" };
            argv.AddRange(args);
            pid = ProcessSpawner.Spawn(new SpawnRequest(self, argv, devNull, devNull, devNull)
            {
                ExtraFd = writeEnd,
                NewSession = true,
                AddVariable = RunMode.ReadyFdVariable + "=3",
            });
        }
        finally
        {
            Fd.Close(writeEnd);
            Fd.Close(devNull);
        }

        var report = ReadAll(readEnd);
        Fd.Close(readEnd);
        if (report == "ok")
        {
            Stdio.Out(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return 0;
        }

        Stdio.Error(report.StartsWith("error: ", StringComparison.Ordinal)
            ? "criruntime-shim: " + report["error: ".Length..]
            : "criruntime-shim: the monitor exited before it was ready");
        return 1;
    }

    private static string ReadAll(int fd)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = Fd.Read(fd, buffer)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return text.ToString().TrimEnd('\n');
    }
}
