using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using CriRuntime.Cli.Commands;
using CriRuntime.Cli.Tests.Fixtures;
using Runtime.V1;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class RemoteCommandTests(CliDaemon fixture)
{
    [Fact]
    public async Task Exec_relays_output_and_exits_with_the_remote_exit_code()
    {
        await StartSleeperAsync("exec-target");

        var failed = await fixture.RunAsync("exec", "exec-target", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.True(failed.Code == 3, failed.ToString());
        Assert.Equal("out\n", failed.Out);
        Assert.Equal("err\n", failed.Error);

        // Options after CONTAINER belong to the command, even those criruntime has (-i, -t, -o).
        var listed = await fixture.RunAsync("exec", "exec-target", "ls", "-a", "-t", "/");
        Assert.True(listed.Code == 0, listed.ToString());
        Assert.Contains("bin", listed.Out, StringComparison.Ordinal);

        var piped = Encoding.UTF8.GetBytes("first line\nHELLO world ü\nlast\n");
        var grep = await fixture.RunWithInputAsync(piped, "exec", "-i", "exec-target", "grep", "-i", "hello");
        Assert.True(grep.Code == 0, grep.ToString());
        Assert.Equal("HELLO world ü\n", grep.Out);
        var cat = await fixture.RunWithInputAsync(piped, "exec", "-i", "exec-target", "cat");
        Assert.Equal(Encoding.UTF8.GetString(piped), cat.Out);
        Assert.Equal(1, (await fixture.RunWithInputAsync(piped, "exec", "-i", "exec-target", "grep", "absent")).Code);

        // -t without a local terminal still gives the process one (no raw mode here).
        var tty = await fixture.RunAsync("exec", "-t", "exec-target", "tty");
        Assert.True(tty.Code == 0, tty.ToString());
        // A terminal turns the newline into \r\n. (The daemon's own pty between runc and the session sometimes adds a
        // second \r before runc makes it raw: a streaming-side race, not the client's.)
        Assert.Matches(@"^/dev/pts/\d+\r+\n$", tty.Out);

        Assert.Equal(ExitCodes.NotFound, (await fixture.RunAsync("exec", "no-such-container", "true")).Code);
        var missing = await fixture.RunAsync("exec", "exec-target", "/no/such/binary");
        Assert.NotEqual(0, missing.Code);
    }

    [Fact]
    public async Task Exec_with_a_terminal_makes_it_raw_follows_its_size_and_restores_it()
    {
        await StartSleeperAsync("tty-target");
        var dir = Directory.CreateTempSubdirectory("criruntime-cli-tty-").FullName;
        try
        {
            // Run inside script(1)'s pseudo-terminal. First the size given at the start and the settings before, during
            // (once raw) and after a session. Then a size change while a session runs (stty sends SIGWINCH to the
            // foreground group; a second after raw mode, so normally after the session sent its first size): the
            // remote shell sees it.
            var cli = Path.Combine(AppContext.BaseDirectory, "criruntime");
            var exec = $"{cli} -r {fixture.Endpoint} --config /nonexistent/config.toml exec -it tty-target";
            var remote = "for i in $(seq 300); do s=$(stty size); [ \"$s\" != \"40 123\" ] && break; sleep 0.1; done; echo now $s";
            await File.WriteAllTextAsync(Path.Combine(dir, "run.sh"), $$$"""
                cd {{{dir}}}
                stty rows 40 cols 123
                stty -g > before
                ( exec 0</dev/tty; for i in $(seq 600); do stty -a | grep -q -- -icanon && break; sleep 0.1; done; stty -a > during ) &
                {{{exec}}} sh -c 'sleep 1; echo first $(stty size); exit 5'
                echo "exit=$?" > code
                wait
                stty -g > after
                ( exec 0</dev/tty; for i in $(seq 600); do stty -a | grep -q -- -icanon && break; sleep 0.1; done; sleep 1; stty rows 50 cols 100 ) &
                {{{exec}}} sh -c '{{{remote}}}'
                wait
                stty sane
                """);
            var start = new System.Diagnostics.ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-qec", "sh " + Path.Combine(dir, "run.sh"), "/dev/null" })
            {
                start.ArgumentList.Add(argument);
            }

            using var script = System.Diagnostics.Process.Start(start)!;
            script.StandardInput.Close();
            var output = script.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await script.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                script.Kill(entireProcessTree: true);
                throw;
            }

            var seen = await output;
            Assert.Equal("exit=5", (await File.ReadAllTextAsync(Path.Combine(dir, "code"))).Trim());
            Assert.True(seen.Contains("first 40 123", StringComparison.Ordinal) && seen.Contains("now 50 100", StringComparison.Ordinal), seen);
            var during = await File.ReadAllTextAsync(Path.Combine(dir, "during"));
            Assert.Contains("-icanon", during, StringComparison.Ordinal);
            Assert.Matches(@"(^|\s)-echo(\s|$)", during);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir, "before")), await File.ReadAllTextAsync(Path.Combine(dir, "after")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Attach_sends_stdin_and_shows_the_containers_output()
    {
        var config = fixture.ContainerConfig("attached", ["/bin/sh", "-c", "read line; echo got:$line; echo oops >&2; read wait; echo bye"]);
        config.Stdin = true;
        await fixture.RunPodAsync(fixture.PodConfig("attach-pod"), config);

        // The attach ends when its stdin ends: stdin stays open until the answer is there.
        var stdin = new System.IO.Pipelines.Pipe();
        var attached = fixture.Start(["attach", "-i", "attached"], CancellationToken.None, stdin.Reader.AsStream());
        await stdin.Writer.WriteAsync(Encoding.ASCII.GetBytes("typed\n"));
        await attached.WaitForAsync((o, e) => o.Contains("got:typed\n", StringComparison.Ordinal) && e.Contains("oops", StringComparison.Ordinal));
        await stdin.Writer.WriteAsync(Encoding.ASCII.GetBytes("more\n"));
        await attached.WaitForAsync((o, _) => o.Contains("bye", StringComparison.Ordinal));
        await stdin.Writer.CompleteAsync();
        Assert.Equal(0, await attached.Exit.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("got:typed\nbye\n", attached.Out());
        Assert.Equal("oops\n", attached.Error());
    }

    [Fact]
    public async Task Port_forward_fetches_from_busybox_httpd_in_a_pod()
    {
        var podConfig = fixture.PodConfig("forward-pod");
        var (pod, ids) = await fixture.RunPodAsync(podConfig, fixture.ContainerConfig("httpd", ["/bin/sh", "-c",
            "mkdir -p /www && echo '<html>forwarded</html>' > /www/index.html && exec httpd -f -p 8080 -h /www"]));
        for (var i = 0; i < 100 && (await fixture.Daemon.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = ids[0], Cmd = { "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/" }, Timeout = 5 })).ExitCode != 0; i++)
        {
            await Task.Delay(100);
        }

        using var stop = new CancellationTokenSource();
        var forward = fixture.Start(["port-forward", pod[..12], ":8080", "0:9"], stop.Token);
        await forward.WaitForAsync((o, _) => Regex.Matches(o, "Forwarding from").Count == 2);
        var port = int.Parse(Regex.Match(forward.Out(), @"127\.0\.0\.1:(\d+) -> 8080").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var closedPort = int.Parse(Regex.Match(forward.Out(), @"127\.0\.0\.1:(\d+) -> 9\b").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("<html>forwarded</html>", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html")), StringComparison.Ordinal);
        }

        // Nothing listens on port 9 in the pod: the connection is closed and the reason shown.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"http://127.0.0.1:{closedPort}/")));
        await forward.WaitForAsync((_, e) => e.Contains("port 9", StringComparison.Ordinal));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Interrupted, await forward.Exit.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData("exec c ls -l", "exec c -- ls -l")]
    [InlineData("-r unix:///s exec -i -t c grep -i x", "-r unix:///s exec -i -t c -- grep -i x")]
    [InlineData("exec -i c -- cat", "exec -i c -- cat")]
    [InlineData("ps -a", "ps -a")]
    [InlineData("logs exec", "logs exec")]
    public void Exec_commands_options_are_kept_from_criruntimes(string given, string parsed) =>
        Assert.Equal(parsed, string.Join(' ', RemoteCommands.SeparateExecCommand(given.Split(' '))));

    [Theory]
    [InlineData("8080", 8080, 8080)]
    [InlineData("18080:80", 18080, 80)]
    [InlineData(":80", 0, 80)]
    public void Port_mappings_are_parsed(string mapping, int local, int remote) =>
        Assert.Equal((local, remote), PortForwardCommand.Parse(mapping));

    [Theory]
    [InlineData("0")]
    [InlineData("80:")]
    [InlineData("70000")]
    [InlineData("a:b")]
    public void Bad_port_mappings_are_usage_errors(string mapping) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => PortForwardCommand.Parse(mapping)).ExitCode);

    private async Task StartSleeperAsync(string name) =>
        await fixture.RunPodAsync(fixture.PodConfig(name + "-pod"), fixture.ContainerConfig(name, ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]));
}
