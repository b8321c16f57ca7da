using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Spec;
using CriRuntime.Linux.Diagnostics;
using CriRuntime.Linux.Processes;
using CriRuntime.ShimContract.Arguments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriRuntime.Linux.Oci;

/// <summary>
/// An OCI runtime driven through its command line (runc's, which crun and youki share):
/// <c>RUNTIME --root ROOT [--systemd-cgroup] COMMAND ...</c>, errors carrying the runtime's stderr.
/// </summary>
public sealed partial class RuncRuntime : IOciRuntime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string? _execWaiter;
    private readonly ILogger _logger;

    /// <param name="execWaiter">
    /// <c>criruntime-shim</c>, whose <c>exec-wait</c> mode runs ExecSync's <c>exec --detach</c> and waits for the exec'd
    /// process itself; null runs <c>exec</c> attached, which waits for every holder of the output pipes.
    /// </param>
    /// <param name="logger">Where each command's duration goes, at Debug.</param>
    public RuncRuntime(string handler, string binaryPath, string rootDirectory, bool systemdCgroup, string? execWaiter = null, ILogger? logger = null)
    {
        _execWaiter = execWaiter;
        _logger = logger ?? NullLogger.Instance;
        Handler = handler;
        BinaryPath = binaryPath;
        RootDirectory = rootDirectory;
        SystemdCgroup = systemdCgroup;
        Directory.CreateDirectory(rootDirectory);
    }

    public string Handler { get; }

    public string BinaryPath { get; }

    public string RootDirectory { get; }

    public bool SystemdCgroup { get; }

    public async Task<OciState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["state", id], cancellationToken);
        if (result.ExitCode != 0)
        {
            return IsNotFound(result) ? null : throw Failure("state", id, result);
        }

        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        return new OciState(
            root.GetProperty("id").GetString() ?? id,
            root.GetProperty("status").GetString() ?? "unknown",
            root.TryGetProperty("pid", out var pid) ? pid.GetInt32() : 0);
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["start", id], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw Failure("start", id, result);
        }
    }

    public async Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken)
    {
        List<string> args = all ? ["kill", "--all", id, signal.ToString(CultureInfo.InvariantCulture)] : ["kill", id, signal.ToString(CultureInfo.InvariantCulture)];
        var result = await RunAsync(args, cancellationToken);
        if (result.ExitCode != 0 && !IsNotFound(result) && !IsNotRunning(result))
        {
            throw Failure("kill", id, result);
        }
    }

    public async Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        List<string> args = force ? ["delete", "--force", id] : ["delete", id];
        var result = await RunAsync(args, cancellationToken);
        if (result.ExitCode != 0 && !IsNotFound(result))
        {
            throw Failure("delete", id, result);
        }
    }

    public async Task<ExecResult> ExecAsync(string id, OciProcess process, TimeSpan? timeout, int outputLimit, CancellationToken cancellationToken)
    {
        var (processFile, pidFile) = await WriteProcessFileAsync(process, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var exitCode = -1;
        try
        {
            var detached = _execWaiter is not null && File.Exists(_execWaiter);
            var info = new ProcessStartInfo(detached ? _execWaiter! : BinaryPath)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            IEnumerable<string> execArgs = ["exec", .. detached ? ["--detach"] : Array.Empty<string>(), "--process", processFile, "--pid-file", pidFile, id];
            foreach (var arg in detached ? ["exec-wait", "--pid-file", pidFile, "--", BinaryPath, .. GlobalArgs(), .. execArgs] : GlobalArgs().Concat(execArgs))
            {
                info.ArgumentList.Add(arg);
            }

            using var runc = Process.Start(info) ?? throw new OciRuntimeException($"{BinaryPath} did not start");
            using var stdio = runc.OwnStdio();
            runc.StandardInput.Close();
            using var readers = new CancellationTokenSource();
            var stdout = CaptureAsync(runc.StandardOutput.BaseStream, outputLimit, readers.Token);
            var stderr = CaptureAsync(runc.StandardError.BaseStream, outputLimit, readers.Token);
            var timedOut = false;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout is { } t && t > TimeSpan.Zero)
                {
                    deadline.CancelAfter(t);
                }

                try
                {
                    await runc.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    timedOut = true;
                }
                catch (OperationCanceledException)
                {
                    KillExec(pidFile, runc);
                    throw;
                }
            }

            if (timedOut)
            {
                KillExec(pidFile, runc);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await runc.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            // A background child of the command may keep the pipes open: what the command wrote is in the pipes
            // already, so the readers get a moment to drain them, then stop.
            readers.CancelAfter(TimeSpan.FromSeconds(2));
            var output = await stdout;
            var errors = await stderr;
            if (timedOut)
            {
                return new ExecResult(-1, output, errors, TimedOut: true);
            }

            exitCode = runc.ExitCode;

            if (!File.Exists(pidFile) && runc.ExitCode != 0)
            {
                // runc itself failed before the process ran: its error is on stderr.
                throw new OciRuntimeException($"exec in {id}: {new CommandResult(runc.ExitCode, "", System.Text.Encoding.UTF8.GetString(errors)).Error}");
            }

            return new ExecResult(runc.ExitCode, output, errors, TimedOut: false);
        }
        finally
        {
            HostCallLog.OciRuntime(_logger, Handler, $"exec {id}", exitCode, HostCallLog.Since(started));
            File.Delete(processFile);
            File.Delete(pidFile);
        }
    }

    /// <summary>Writes the exec'd process's spec to a scratch file; returns it and the pid file runc will write.</summary>
    private async Task<(string ProcessFile, string PidFile)> WriteProcessFileAsync(OciProcess process, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(RootDirectory, "exec");
        Directory.CreateDirectory(scratch);
        var name = Guid.NewGuid().ToString("N");
        var processFile = Path.Combine(scratch, name + ".json");
        await File.WriteAllBytesAsync(processFile, JsonSerializer.SerializeToUtf8Bytes(process, OciSpecJsonContext.Default.OciProcess), cancellationToken);
        return (processFile, Path.Combine(scratch, name + ".pid"));
    }

    public async Task UpdateAsync(string id, OciResources resources, CancellationToken cancellationToken)
    {
        var file = Path.Combine(RootDirectory, $"update-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(resources, OciSpecJsonContext.Default.OciResources), cancellationToken);
        try
        {
            var result = await RunAsync(["update", "--resources", file, id], cancellationToken);
            if (result.ExitCode != 0)
            {
                throw Failure("update", id, result);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task<string?> FeaturesAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["features"], cancellationToken);
        return result.ExitCode == 0 && result.Stdout.TrimStart().StartsWith('{') ? result.Stdout : null;
    }

    private async Task<CommandResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await CommandRunner.RunAsync(BinaryPath, GlobalArgs().Concat(args), CommandTimeout, cancellationToken);
        HostCallLog.OciRuntime(_logger, Handler, string.Join(' ', args), result.ExitCode, HostCallLog.Since(started));
        return result;
    }

    private IReadOnlyList<string> GlobalArgs() => OciGlobalFlags.Of(RootDirectory, SystemdCgroup);

    private OciRuntimeException Failure(string command, string id, CommandResult result) =>
        new($"{Path.GetFileName(BinaryPath)} {command} {id}: {result.Error}");

    private static bool IsNotFound(CommandResult result) =>
        result.Error.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
        || result.Error.Contains("not found", StringComparison.OrdinalIgnoreCase);

    private static bool IsNotRunning(CommandResult result) =>
        result.Error.Contains("not running", StringComparison.OrdinalIgnoreCase)
        || result.Error.Contains("process already finished", StringComparison.OrdinalIgnoreCase)
        || result.Error.Contains("no such process", StringComparison.OrdinalIgnoreCase)
        || result.Error.Contains("container is stopped", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Kills the exec'd process and lets runc reap it and exit. runc itself is killed only when the process is not
    /// known yet or runc lingers: killed first, it would orphan the process into the container, where a PID 1 that
    /// never waits (top, sleep) leaves it a zombie for good.
    /// </summary>
    private static void KillExec(string pidFile, Process runc)
    {
        try
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                && Interop.Native.Kill(pid, Interop.Native.SIGKILL)
                && runc.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                return;
            }
        }
        catch (IOException)
        {
        }

        try
        {
            runc.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Reads a stream to its end, keeping at most <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]> CaptureAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var room = limit - (int)kept.Length;
                if (room > 0)
                {
                    kept.Write(buffer, 0, Math.Min(room, read));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return kept.ToArray();
    }
}
