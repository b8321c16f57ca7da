using System.Globalization;
using System.Net.Sockets;
using System.Text;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Diagnostics;
using CriRuntime.Linux.Oci;
using CriRuntime.ShimContract.Arguments;
using CriRuntime.ShimContract.Control;
using CriRuntime.ShimContract.Exit;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Linux.ShimClient;

/// <summary>
/// Launches <c>criruntime-shim run</c> (docs/shim.md), waits for its control socket and the container's pid file,
/// talks to it over the socket and reads the exit file it leaves.
/// </summary>
public sealed partial class ShimHost(RuntimePaths paths, ILogger<ShimHost> logger) : IShimHost
{
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SocketTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the shim's launcher and waits for it: it exits 0 once the control socket exists and the container is
    /// created (its pid file written), or 1 with the runtime's error in the exit file and on its stderr.
    /// </summary>
    public async Task<int> LaunchAsync(ShimRunOptions launch, CancellationToken cancellationToken)
    {
        var args = launch.ToArguments();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        CommandResult result;
        try
        {
            // A launcher still running at the timeout is killed with its child, the monitor, which it has not let go yet.
            result = await CommandRunner.RunAsync(paths.ShimBinary, args, LaunchTimeout, cancellationToken);
            HostCallLog.ShimLaunched(logger, launch.Id, result.ExitCode, HostCallLog.Since(started));
        }
        catch (TimeoutException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new OciRuntimeException($"criruntime-shim did not report readiness within {LaunchTimeout.TotalSeconds}s");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new OciRuntimeException($"{paths.ShimBinary} did not start: {e.Message}");
        }

        if (result.ExitCode == 0 && File.Exists(launch.Socket) && ReadPid(launch.PidFile) is { } pid)
        {
            return pid;
        }

        if (ReadExit(launch.ExitFile) is { } exit)
        {
            throw new OciRuntimeException(exit.Error ?? $"the container exited with code {exit.ExitCode} before it was created");
        }

        throw new OciRuntimeException(result.ExitCode == 0
            ? $"criruntime-shim reported readiness without the control socket or the pid file of {launch.Id}"
            : result.Stderr.Trim() is { Length: > 0 } text ? text : $"criruntime-shim exited with code {result.ExitCode}");
    }

    public ContainerExit? ReadExit(string exitFile)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(exitFile);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        // Written atomically by the shim, so a torn file is not expected; one that does not parse is not there yet.
        if (ExitFileFormat.Parse(bytes) is not { } exit)
        {
            return null;
        }

        var exitedAt = exit.ExitedAtUnixNanoseconds != 0
            ? DateTimeOffset.UnixEpoch.AddTicks(exit.ExitedAtUnixNanoseconds / 100)
            : new FileInfo(exitFile).LastWriteTimeUtc;
        return new ContainerExit(exit.ExitCode, exit.Signal, exitedAt, exit.OomKilled, exit.Error);
    }

    public async Task<bool> ReopenLogAsync(string socket, CancellationToken cancellationToken) =>
        (await RequestAsync(socket, new ControlRequest(ControlOp.Reopen), cancellationToken)) is { } answer && IsOk(answer);

    public async Task<bool> IsAliveAsync(string socket, CancellationToken cancellationToken) =>
        (await RequestAsync(socket, new ControlRequest(ControlOp.Status), cancellationToken)) is { } answer && IsOk(answer);

    public async Task WaitForShimExitAsync(string socket, CancellationToken cancellationToken)
    {
        using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
            // The shim never writes to a connection that sent no request: the only thing to come is its end.
            var buffer = new byte[64];
            while (await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // No shim listens (it is gone, its socket file left behind) or it reset the connection as it died.
        }
    }

    private static async Task<string?> RequestAsync(string socketPath, ControlRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return null;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(SocketTimeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(request.ToLine(), cts.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadLineAsync(cts.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    private static bool IsOk(string answer) => ControlResponse.IsOk(Encoding.UTF8.GetBytes(answer));

    private static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
