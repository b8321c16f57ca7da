using System.Diagnostics;

namespace CriRuntime.Integration.Tests.Networking;

/// <summary>Runs host tools (ip, iptables, busybox) for the network tests; every process started is waited for or killed by PID.</summary>
internal static class HostCommand
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        using var process = Start(file, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 30 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> CheckAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}: {stderr}{stdout}");
        }

        return stdout;
    }

    /// <summary>Starts a long-running process (a server in a namespace); the caller kills it by its PID.</summary>
    public static Process Start(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
    }
}
