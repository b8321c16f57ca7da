using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace CriRuntime.Integration.Tests.Shim;

[Collection(ShimCollection.Name)]
public sealed class PauseModeTests(ShimFixture fixture)
{
    [Fact]
    public void As_a_pid_namespace_init_it_reaps_orphans_and_exits_0_on_sigterm()
    {
        // unshare forks the shim as PID 1 of a new PID namespace and exits with its status.
        var info = new ProcessStartInfo("unshare") { UseShellExecute = false };
        foreach (var arg in new[] { "--pid", "--fork", "--kill-child", fixture.Shim, "pause" })
        {
            info.ArgumentList.Add(arg);
        }

        using var unshare = Process.Start(info)!;
        try
        {
            var pause = WaitForChild(unshare.Id);

            // An orphan in the namespace: its shell exits at once, the sleep is reparented to pause and exits later.
            Commands.Check("nsenter", "--target", pause.ToString(CultureInfo.InvariantCulture), "--pid", "--", "/bin/sh", "-c", "sleep 0.2 & exit 0");
            Thread.Sleep(700);
            Assert.Empty(Children(pause));

            Commands.Check("kill", "-TERM", pause.ToString(CultureInfo.InvariantCulture));
            Assert.True(unshare.WaitForExit(5000));
            Assert.Equal(0, unshare.ExitCode);
        }
        finally
        {
            if (!unshare.HasExited)
            {
                unshare.Kill();
            }
        }
    }

    private static int WaitForChild(int parent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (Children(parent) is [var child] && File.ReadAllText($"/proc/{child}/comm").Trim() == "criruntime-shim")
            {
                return child;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException("pause did not start");
    }

    private static int[] Children(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
}
