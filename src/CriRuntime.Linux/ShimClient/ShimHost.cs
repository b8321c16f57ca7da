using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Oci;

namespace CriRuntime.Linux.ShimClient;

/// <summary>
/// Launches <c>criruntime-shim run</c> (docs/shim.md), waits for its control socket and the container's pid file,
/// talks to it over the socket and reads the exit file it leaves.
/// </summary>
public sealed partial class ShimHost(RuntimePaths paths) : IShimHost
{
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SocketTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the shim's launcher and waits for it: it exits 0 once the control socket exists and the container is
    /// created (its pid file written), or 1 with the runtime's error in the exit file and on its stderr.
    /// </summary>
    public async Task<int> LaunchAsync(ShimLaunch launch, CancellationToken cancellationToken)
    {
        var args = new List<string>
        {
            "run", "--id", launch.Id, "--bundle", launch.Bundle, "--runtime", launch.Runtime.BinaryPath,
            "--runtime-root", launch.Runtime.RootDirectory, "--log", launch.LogPath, "--exit-file", launch.ExitFile,
            "--socket", launch.Socket, "--pid-file", launch.PidFile,
        };
        if (launch.Tty)
        {
            args.Add("--tty");
        }

        if (launch.Stdin)
        {
            args.Add("--stdin");
        }

        if (launch.StdinOnce)
        {
            args.Add("--stdin-once");
        }

        if (launch.Runtime.SystemdCgroup)
        {
            args.Add("--systemd-cgroup");
        }

        CommandResult result;
        try
        {
            // A launcher still running at the timeout is killed with its child, the monitor, which it has not let go yet.
            result = await CommandRunner.RunAsync(paths.ShimBinary, args, LaunchTimeout, cancellationToken);
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
        string text;
        try
        {
            text = File.ReadAllText(exitFile);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var code = root.TryGetProperty("exitCode", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : -1;
            var signal = root.TryGetProperty("signal", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
            var oom = root.TryGetProperty("oomKilled", out var o) && o.ValueKind == JsonValueKind.True;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var exitedAt = root.TryGetProperty("exitedAt", out var t) && t.ValueKind == JsonValueKind.String && ParseTime(t.GetString()!) is { } time
                ? time
                : new FileInfo(exitFile).LastWriteTimeUtc;
            return new ContainerExit(code, signal, exitedAt, oom, error);
        }
        catch (JsonException)
        {
            // Written atomically by the shim, so a torn file is not expected; treat it as not there yet.
            return null;
        }
    }

    public async Task<bool> ReopenLogAsync(string socket, CancellationToken cancellationToken) =>
        (await RequestAsync(socket, """{"op":"reopen"}""", cancellationToken)) is { } answer && IsOk(answer);

    public async Task<bool> IsAliveAsync(string socket, CancellationToken cancellationToken) =>
        (await RequestAsync(socket, """{"op":"status"}""", cancellationToken)) is { } answer && IsOk(answer);

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

    private static async Task<string?> RequestAsync(string socketPath, string request, CancellationToken cancellationToken)
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
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), cts.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadLineAsync(cts.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    private static bool IsOk(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

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

    /// <summary>RFC 3339 with up to nine fractional digits (.NET parses seven).</summary>
    internal static DateTimeOffset? ParseTime(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = text[..(dot + 8)] + text[end..];
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }
}
