using System.Text;
using CriRuntime.Conformance.Running;
using CriRuntime.TestSupport.Streaming;
using Runtime.V1;

namespace CriRuntime.Conformance.Specs;

/// <summary>
/// Exec, attach and port-forward through the URLs the runtime returns, over SPDY/3.1 with the sub-protocols kubelet
/// and crictl speak (<c>v4.channel.k8s.io</c>, <c>portforward.k8s.io</c>): output, exit codes, stdin, terminals.
/// </summary>
internal static class StreamingSpecs
{
    public static IEnumerable<Spec> All()
    {
        yield return new Spec("streaming", "exec without a tty delivers stdout and stderr and reports the exit code", async ctx =>
        {
            var id = await SleeperAsync(ctx, "exec-pipes");
            var result = await ExecAsync(ctx, id, new RemoteCommandRun(), "sh", "-c", "echo out; echo err >&2; exit 3");
            Check.Equal(101, result.HttpStatus, "HTTP status of the upgrade");
            Check.Equal("out\n", result.StdoutText, "stdout");
            Check.Equal("err\n", result.StderrText, "stderr");
            Check.Equal<int?>(3, result.ExitCode, "exit code on the error stream");
            Check.Equal<int?>(0, (await ExecAsync(ctx, id, new RemoteCommandRun(), "true")).ExitCode, "exit code of true");
        });

        yield return new Spec("streaming", "exec -it runs the command on a terminal of the requested size", async ctx =>
        {
            var id = await SleeperAsync(ctx, "exec-tty");
            var result = await ExecAsync(ctx, id, new RemoteCommandRun { Tty = true, Stdin = true, CloseStdin = false, Stderr = false, Size = (100, 30) }, "sh", "-c", "stty size </dev/tty; [ -t 1 ] && echo on-a-tty; exit 4");
            Check.Contains("30 100", result.StdoutText, "stty size");
            Check.Contains("on-a-tty", result.StdoutText, "stdout is a terminal");
            Check.Equal<int?>(4, result.ExitCode, "exit code");
        });

        yield return new Spec("streaming", "exec stdin reaches the process and closing it ends cat", async ctx =>
        {
            var id = await SleeperAsync(ctx, "exec-stdin");
            var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("echo me\n", 2000)));
            var result = await ExecAsync(ctx, id, new RemoteCommandRun { Stdin = true, Input = input }, "cat");
            Check.Equal(input.Length, result.Stdout.Length, "bytes echoed");
            Check.That(input.AsSpan().SequenceEqual(result.Stdout), "cat echoes its stdin unchanged");
            Check.Equal<int?>(0, result.ExitCode, "exit code");
        });

        yield return new Spec("streaming", "attach feeds the container's stdin and shows its output", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "attach");
            var id = await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, c => c.Stdin = true, "sh", "-c", "read line; echo got:$line");
            var url = (await ctx.Runtime.AttachAsync(new AttachRequest { ContainerId = id, Stdin = true, Stdout = true })).Url;
            var result = await StreamingClient.SpdyRemoteCommandAsync(url, new RemoteCommandRun { Stdin = true, Stderr = false, Input = Encoding.ASCII.GetBytes("hello\n"), CloseStdin = false });
            Check.Contains("got:hello", result.StdoutText, "attached stdout");
        });

        yield return new Spec("streaming", "port-forward reaches a TCP server listening in the pod's network namespace", async ctx =>
        {
            var pod = await Pods.RunAsync(ctx, "forward", podNetwork: true);
            var id = await Pods.StartAsync(ctx, pod, "web", ctx.Fixtures.Busybox, "sh", "-c", "mkdir -p /www && echo forwarded-page > /www/index.html && exec httpd -f -p 8080 -h /www");
            var listening = false;
            for (var i = 0; i < 100 && !listening; i++)
            {
                listening = (await ctx.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = id, Cmd = { "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/" }, Timeout = 5 })).ExitCode == 0;
                await Task.Delay(listening ? 0 : 100);
            }

            Check.That(listening, "httpd listens in the pod");
            var url = (await ctx.Runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = pod.Id, Port = { 8080 } })).Url;
            var (status, _, session) = await SpdyClientSession.ConnectAsync(new Uri(url), "portforward.k8s.io");
            Check.Equal(101, status, "HTTP status of the upgrade");
            await using (session)
            {
                var answer = await StreamingClient.SpdyForwardAsync(session!, 8080, 0, Encoding.ASCII.GetBytes("GET /index.html HTTP/1.0\r\n\r\n"));
                Check.Equal("", answer.Error, "port-forward error stream");
                Check.Contains("forwarded-page", Encoding.ASCII.GetString(answer.Data), "the page through the forwarded port");
            }
        });
    }

    private static async Task<string> SleeperAsync(SpecContext ctx, string name)
    {
        var pod = await Pods.RunAsync(ctx, name);
        return await Pods.StartAsync(ctx, pod, "c", ctx.Fixtures.Busybox, "sh", "-c", Pods.Sleeper);
    }

    private static async Task<RemoteCommandResult> ExecAsync(SpecContext ctx, string id, RemoteCommandRun run, params string[] command)
    {
        var url = (await ctx.Runtime.ExecAsync(new ExecRequest { ContainerId = id, Cmd = { command }, Tty = run.Tty, Stdin = run.Stdin, Stdout = run.Stdout, Stderr = run.Stderr })).Url;
        return await StreamingClient.SpdyRemoteCommandAsync(url, run);
    }
}
