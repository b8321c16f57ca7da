using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CriRuntime.Streaming.Client;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>port-forward POD [LOCAL:]REMOTE...</c>: listens on a local address and carries each accepted connection to the
/// pod's port through its own CRI PortForward URL (WebSocket, one connection per session), until interrupted.
/// </summary>
internal static class PortForwardCommand
{
    public static Command Create(CliApp.Runner run)
    {
        var pod = new Argument<string>("POD") { Description = "pod sandbox id, unique id prefix or name" };
        var ports = new Argument<string[]>("PORTS") { Description = "LOCAL:REMOTE, or REMOTE (the same local port), or :REMOTE (a free local port)", Arity = ArgumentArity.OneOrMore };
        var address = new Option<string>("--address") { Description = "local address to listen on", DefaultValueFactory = static _ => "127.0.0.1" };
        var command = new Command("port-forward", "forward local ports to a pod's ports until Ctrl-C") { pod, ports, address };
        run.Action(command, async (cli, parse, token) =>
        {
            var mappings = parse.GetValue(ports)!.Select(Parse).ToList();
            if (!IPAddress.TryParse(parse.GetValue(address), out var listenOn))
            {
                throw CliException.Usage($"--address \"{parse.GetValue(address)}\" is not an IP address");
            }

            var sandbox = await Resolve.PodAsync(cli, parse.GetValue(pod)!, token);
            var listeners = new List<(TcpListener Listener, int Remote)>();
            try
            {
                foreach (var (local, remote) in mappings)
                {
                    var listener = new TcpListener(listenOn, local);
                    try
                    {
                        listener.Start();
                    }
                    catch (SocketException e)
                    {
                        throw new CliException(ExitCodes.Failed, $"cannot listen on {listenOn}:{local}: {e.Message}");
                    }

                    listeners.Add((listener, remote));
                    await cli.Out.WriteLineAsync($"Forwarding from {listener.LocalEndpoint} -> {remote}");
                }

                await cli.Out.FlushAsync(token);
                await Task.WhenAll(listeners.Select(l => AcceptAsync(cli, sandbox.Id, l.Listener, l.Remote, token)));
            }
            finally
            {
                foreach (var (listener, _) in listeners)
                {
                    listener.Dispose();
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>LOCAL:REMOTE, REMOTE or :REMOTE as (local, remote); local 0 asks for a free port.</summary>
    internal static (int Local, int Remote) Parse(string mapping)
    {
        var colon = mapping.IndexOf(':', StringComparison.Ordinal);
        var (local, remote) = colon < 0 ? (mapping, mapping) : (colon == 0 ? "0" : mapping[..colon], mapping[(colon + 1)..]);
        return int.TryParse(local, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 0 and <= 65535
            && int.TryParse(remote, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 65535
            ? (l, r)
            : throw CliException.Usage($"port mapping \"{mapping}\" is not LOCAL:REMOTE, REMOTE or :REMOTE with ports 1-65535");
    }

    private static async Task AcceptAsync(CliContext cli, string podId, TcpListener listener, int remote, CancellationToken token)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(token);
                connections.Add(ForwardAsync(cli, podId, client, remote, token));
                connections.RemoveAll(static c => c.IsCompleted);
            }
        }
        finally
        {
            await Task.WhenAll(connections);
        }
    }

    private static async Task ForwardAsync(CliContext cli, string podId, TcpClient client, int remote, CancellationToken token)
    {
        using (client)
        {
            try
            {
                await cli.Out.WriteLineAsync($"Handling connection for {remote}");
                var request = new PortForwardRequest { PodSandboxId = podId, Port = { remote } };
                var url = (await cli.Runtime.PortForwardAsync(request, deadline: cli.Deadline, cancellationToken: token)).Url;
                var errors = await PortForwardSession.RunAsync(url, [(remote, client.GetStream())], token);
                if (errors[0].Length > 0)
                {
                    await cli.Error.WriteLineAsync($"criruntime: {errors[0]}");
                }
            }
            catch (Exception e) when (e is StreamingConnectException or Grpc.Core.RpcException or IOException)
            {
                await cli.Error.WriteLineAsync($"criruntime: forwarding a connection to port {remote} failed: {e.Message}");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
        }
    }
}
