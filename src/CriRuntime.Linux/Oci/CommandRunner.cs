using System.Diagnostics;
using System.Text;
using CriRuntime.Linux.Processes;

namespace CriRuntime.Linux.Oci;

/// <summary>The outcome of a command: exit code and its output as text.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The most useful error text: stderr (runc's log lines reduced to their msg), else stdout.</summary>
    public string Error
    {
        get
        {
            var text = Stderr.Trim().Length > 0 ? Stderr.Trim() : Stdout.Trim();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(RuncMessage)
                .ToList();
            return lines.Count == 0 ? $"exit code {ExitCode}" : string.Join("; ", lines);
        }
    }

    /// <summary><c>time="..." level=error msg="the message"</c> becomes <c>the message</c>.</summary>
    private static string RuncMessage(string line)
    {
        var index = line.IndexOf("msg=\"", StringComparison.Ordinal);
        if (index < 0)
        {
            return line;
        }

        var message = line[(index + 5)..];
        var end = message.LastIndexOf('"');
        return (end >= 0 ? message[..end] : message).Replace("\\\"", "\"", StringComparison.Ordinal);
    }
}

/// <summary>Runs a command with an argument list (never a shell), stdin closed, output captured.</summary>
internal static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        using var stdio = process.OwnStdio();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds}s");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
