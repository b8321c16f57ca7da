using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace CriRuntime.Integration.Tests.Shim;

[Collection(ShimCollection.Name)]
public sealed partial class ShimRunTests(ShimFixture fixture)
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) [FP] ", RegexOptions.CultureInvariant)]
    private static partial Regex CriLine();

    [Fact]
    public void Logs_both_streams_in_cri_format_and_records_the_exit_code()
    {
        using var container = ShimContainer.Create(fixture, ["sh", "-c", "echo hi; echo err >&2; exit 3"]);
        var (code, output) = container.Launch();
        Assert.True(code == 0, output);
        Assert.True(File.Exists(container.Socket));
        Assert.True(File.Exists(container.PidFile));

        var status = container.Control("""{"op":"status"}""");
        Assert.True(status.GetProperty("ok").GetBoolean());
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.Equal(int.Parse(File.ReadAllText(container.PidFile), CultureInfo.InvariantCulture), status.GetProperty("pid").GetInt32());
        AssertSignalsBlockedInEveryThread(container.MonitorPid);

        container.Start();
        var exit = container.WaitForExitFile();
        Assert.Equal(3, exit.GetProperty("exitCode").GetInt32());
        Assert.Equal(0, exit.GetProperty("signal").GetInt32());
        Assert.False(exit.GetProperty("oomKilled").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(exit.GetProperty("exitedAt").GetString(), CultureInfo.InvariantCulture, out _));

        var lines = File.ReadAllLines(container.Log);
        Assert.All(lines, line => Assert.Matches(CriLine(), line));
        Assert.Contains(lines, line => line.EndsWith(" stdout F hi", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith(" stderr F err", StringComparison.Ordinal));

        // The monitor exits after writing the exit file and removes its socket.
        Assert.True(ShimContainer.WaitGone(container.MonitorPid, TimeSpan.FromSeconds(5)));
        Assert.False(File.Exists(container.Socket));
    }

    [Fact]
    public void A_long_line_is_split_with_partial_entries_and_a_last_unterminated_line_is_partial()
    {
        using var container = ShimContainer.Create(fixture, ["sh", "-c", "head -c 40000 /dev/zero | tr '\\0' a; echo; printf tail"]);
        Assert.Equal(0, container.Launch().Code);
        container.Start();
        Assert.Equal(0, container.WaitForExitFile().GetProperty("exitCode").GetInt32());

        var entries = File.ReadAllLines(container.Log).Select(Parse).Where(e => e.Stream == "stdout").ToList();
        Assert.All(entries, e => Assert.True(e.Text.Length <= 16 * 1024, $"entry of {e.Text.Length} bytes"));
        var firstFull = entries.FindIndex(e => e.Tag == "F");
        Assert.True(firstFull >= 2, "a 40000-byte line needs at least two partial entries");
        Assert.Equal(new string('a', 40000), string.Concat(entries.Take(firstFull + 1).Select(e => e.Text)));
        Assert.Equal(("stdout", "P", "tail"), entries[^1]);
    }

    [Fact]
    public void Reopen_after_a_rename_continues_in_a_new_file_with_no_line_lost_or_repeated()
    {
        using var container = ShimContainer.Create(
            fixture,
            ["sh", "-c", "i=0; while [ $i -lt 300 ]; do echo line $i; i=$((i+1)); usleep 5000; done"]);
        Assert.Equal(0, container.Launch().Code);
        container.Start();

        var rotated = container.Log + ".1";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!container.ReadLog().Contains("line 50", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        File.Move(container.Log, rotated);
        var answer = container.Control("""{"op":"reopen"}""");
        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        Assert.Equal(0, container.WaitForExitFile().GetProperty("exitCode").GetInt32());

        var before = File.ReadAllLines(rotated).Select(Parse).ToList();
        var after = File.ReadAllLines(container.Log).Select(Parse).ToList();
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        var numbers = before.Concat(after).Select(e => int.Parse(e.Text["line ".Length..], CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 300), numbers);
    }

    [Fact]
    public void A_signal_death_is_recorded_as_128_plus_the_signal()
    {
        // The container's init ignores signals from inside its namespace, so the runtime sends it from outside.
        using var container = ShimContainer.Create(fixture, ["sleep", "30"]);
        Assert.Equal(0, container.Launch().Code);
        container.Start();
        container.Kill("KILL");
        var exit = container.WaitForExitFile();
        Assert.Equal(137, exit.GetProperty("exitCode").GetInt32());
        Assert.Equal(9, exit.GetProperty("signal").GetInt32());
    }

    [Fact]
    public void A_failed_create_writes_the_runtime_error_to_the_exit_file_and_fails_before_the_socket_appears()
    {
        using var container = ShimContainer.Create(fixture, ["/bin/does-not-exist"]);
        File.Delete(Path.Combine(container.Bundle, "config.json"));
        var (code, output) = container.Launch();
        Assert.Equal(1, code);
        Assert.Contains("config.json", output, StringComparison.Ordinal);
        Assert.False(File.Exists(container.Socket));
        var exit = container.WaitForExitFile(TimeSpan.FromSeconds(1));
        Assert.Equal(-1, exit.GetProperty("exitCode").GetInt32());
        Assert.Contains("config.json", exit.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_tty_the_output_is_logged_from_the_pty_and_resize_works()
    {
        using var container = ShimContainer.Create(fixture, ["sh", "-c", "sleep 0.3; stty size; echo done"], terminal: true);
        var (code, output) = container.Launch(tty: true);
        Assert.True(code == 0, output);
        var resize = container.Control("""{"op":"resize","width":100,"height":30}""");
        Assert.True(resize.GetProperty("ok").GetBoolean(), resize.ToString());
        container.Start();
        Assert.Equal(0, container.WaitForExitFile().GetProperty("exitCode").GetInt32());
        var text = string.Concat(File.ReadAllLines(container.Log).Select(Parse).Select(e => e.Text + (e.Tag == "F" ? "\n" : string.Empty)));
        Assert.Contains("30 100", text, StringComparison.Ordinal);
        Assert.Contains("done", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_to_stdin_needs_stdin_and_unknown_requests_get_an_error()
    {
        using var container = ShimContainer.Create(fixture, ["sleep", "5"]);
        Assert.Equal(0, container.Launch().Code);
        Assert.True(container.Control("""{"op":"attach","stdout":true}""").GetProperty("ok").GetBoolean());
        Assert.Contains("stdin", container.Control("""{"op":"attach","stdin":true}""").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown op", container.Control("""{"op":"nope"}""").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("--tty", container.Control("""{"op":"resize","width":1,"height":1}""").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_whose_create_leaves_the_container_process_behind_does_not_inherit_the_readiness_pipe()
    {
        // Like crun create: it forks the container's process, which keeps the descriptors it was given until start.
        // Had it the launcher's readiness pipe, the launcher would wait for its end of file until then (the daemon's
        // 60 s limit in the cgroup v2 VM): so the stand-in fails at once when it sees descriptor 3.
        using var container = ShimContainer.Create(fixture, ["true"]);
        var runtime = Path.Combine(container.Dir, "crun-like");
        File.WriteAllText(runtime, """
            #!/bin/sh
            while [ $# -gt 0 ]; do case $1 in --pid-file) pidfile=$2; shift 2 ;; *) shift ;; esac; done
            if [ -e /proc/$$/fd/3 ]; then echo "the runtime inherited descriptor 3: $(readlink /proc/$$/fd/3)" >&2; exit 1; fi
            sleep 60 &
            echo $! > "$pidfile"
            """);
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var args = container.RunArguments();
        args[Array.IndexOf(args, "--runtime") + 1] = runtime;

        var (code, output) = Commands.Run(fixture.Shim, args);
        Assert.True(code == 0, output);
        container.AdoptMonitor(int.Parse(output.Trim(), CultureInfo.InvariantCulture));
        Commands.Check("kill", File.ReadAllText(container.PidFile).Trim());
        Assert.Equal(15, container.WaitForExitFile().GetProperty("signal").GetInt32());
    }

    internal static (string Stream, string Tag, string Text) Parse(string line)
    {
        Assert.Matches(CriLine(), line);
        var parts = line.Split(' ', 4);
        return (parts[1], parts[2], parts.Length > 3 ? parts[3] : string.Empty);
    }

    /// <summary>The shim reads SIGHUP, SIGINT, SIGTERM and SIGCHLD from a signalfd; every thread must block them.</summary>
    private static void AssertSignalsBlockedInEveryThread(int pid)
    {
        const ulong wanted = (1UL << 0) | (1UL << 1) | (1UL << 14) | (1UL << 16);
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            var line = File.ReadAllLines(Path.Combine(task, "status")).Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal));
            var blocked = ulong.Parse(line["SigBlk:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.True((blocked & wanted) == wanted, $"{task}: {line}");
        }
    }
}
