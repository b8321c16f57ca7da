using System.ComponentModel;
using System.Diagnostics;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.Linux.Diagnostics;
using CriRuntime.Linux.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriRuntime.Linux.Cni;

/// <summary>
/// Runs a CNI plugin as a child process: the CNI_* variables added to the daemon's environment (plugins such as
/// portmap need PATH to find iptables), the config on stdin, stdout and stderr read to the end. A plugin still running
/// at its timeout, or when the caller cancels, is killed with its children (bridge runs its IPAM plugin as a child).
/// </summary>
public sealed class ProcessCniExecutor(ILogger? logger = null) : ICniExecutor
{
    /// <summary>An executor that logs nothing.</summary>
    public static readonly ProcessCniExecutor Instance = new();

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<CniExecOutcome> ExecuteAsync(CniInvocation invocation, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await RunAsync(invocation, ct);
        HostCallLog.CniPlugin(
            _logger,
            Path.GetFileName(invocation.PluginPath),
            invocation.Environment.GetValueOrDefault("CNI_COMMAND", ""),
            invocation.Environment.GetValueOrDefault("CNI_CONTAINERID", ""),
            outcome.ExitCode,
            HostCallLog.Since(started),
            outcome.TimedOut);
        return outcome;
    }

    private static async Task<CniExecOutcome> RunAsync(CniInvocation invocation, CancellationToken ct)
    {
        var start = new ProcessStartInfo(invocation.PluginPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var (key, value) in invocation.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new CniExecOutcome(127, "", $"cannot execute {invocation.PluginPath}: {e.Message}");
        }

        using var stdio = process.OwnStdio();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(invocation.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(invocation.Stdin.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The plugin exited without reading its config (a broken pipe): its exit status tells why.
            }

            await process.WaitForExitAsync(timeout.Token);
            return new CniExecOutcome(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            return new CniExecOutcome(-1, await Drain(stdout), await Drain(stderr), TimedOut: true);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }

    /// <summary>A killed plugin's children may hold its pipes open for a moment; never wait long for them.</summary>
    private static async Task<string> Drain(Task<string> read)
    {
        var done = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2)));
        return done == read ? await read : "";
    }
}
