using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace CriRuntime.Integration.Tests.Shim;

[Collection(ShimCollection.Name)]
public sealed class ShimDetachTests(ShimFixture fixture)
{
    [Fact]
    public void The_monitor_keeps_logging_after_the_process_group_that_launched_it_is_killed()
    {
        using var container = ShimContainer.Create(fixture, ["sh", "-c", "sleep 0.5; echo after the daemon died"]);
        var launched = Path.Combine(container.Dir, "launched");

        // A stand-in daemon in its own session and process group: it runs the shim, then waits forever.
        var info = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "/bin/sh", "-c", "\"$@\" > \"$LAUNCHED\"; exec sleep 600", "daemon", fixture.Shim })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in container.RunArguments())
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LAUNCHED"] = launched;
        using var daemon = Process.Start(info)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((!File.Exists(launched) || new FileInfo(launched).Length == 0) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            container.AdoptMonitor(int.Parse(File.ReadAllText(launched).Trim(), CultureInfo.InvariantCulture));
        }
        finally
        {
            // The whole group of the stand-in, which we started: not the test runner's.
            _ = Commands.Run("kill", ["-KILL", "--", "-" + daemon.Id.ToString(CultureInfo.InvariantCulture)]);
            daemon.WaitForExit();
        }

        var monitor = container.MonitorPid;
        Assert.True(ShimContainer.IsRunning(monitor));
        var stat = File.ReadAllText($"/proc/{monitor}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        int ppid = int.Parse(fields[1], CultureInfo.InvariantCulture), pgrp = int.Parse(fields[2], CultureInfo.InvariantCulture), session = int.Parse(fields[3], CultureInfo.InvariantCulture);
        Assert.NotEqual(daemon.Id, ppid);
        Assert.NotEqual(Environment.ProcessId, ppid);
        Assert.Equal(monitor, session);
        Assert.Equal(monitor, pgrp);

        container.Start();
        Assert.Equal(0, container.WaitForExitFile().GetProperty("exitCode").GetInt32());
        Assert.Contains(" stdout F after the daemon died", container.ReadLog(), StringComparison.Ordinal);
    }
}
