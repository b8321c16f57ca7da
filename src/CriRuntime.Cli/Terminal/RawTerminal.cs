using System.Diagnostics;
using System.Globalization;
using CriRuntime.Streaming.Client;

namespace CriRuntime.Cli.Terminal;

/// <summary>
/// The local terminal of a <c>-t</c> session: raw mode (no echo, no line editing, Ctrl-C and Ctrl-Z passed through as
/// bytes) while the session runs, the saved settings restored at <see cref="Dispose"/>, and the size in cells. The
/// settings are changed with stty(1) on this process's standard input, its streams redirected so that .NET never
/// takes the terminal back for a child (only CriRuntime.Linux calls the kernel).
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    private readonly string _saved;
    private int _restored;

    private RawTerminal(string saved) => _saved = saved;

    /// <summary>File descriptor of standard input.</summary>
    public const int StandardInput = 0;

    /// <summary>File descriptor of standard output.</summary>
    public const int StandardOutput = 1;

    /// <summary>Saves the settings and enters raw mode; null when standard input is no terminal or stty fails.</summary>
    public static RawTerminal? Enter()
    {
        if (Stty(StandardInput, "-g") is not { Length: > 0 } saved || Stty(StandardInput, "raw", "-echo") is null)
        {
            return null;
        }

        return new RawTerminal(saved.Trim());
    }

    /// <summary>The size of the terminal on a descriptor (stty size: rows, then columns); null when it cannot be read or is zero.</summary>
    public static TerminalSize? Size(int descriptor = StandardInput) =>
        Cells(descriptor) is { Width: > 0, Height: > 0 } size ? size : null;

    /// <summary>The size of the terminal on a descriptor as stty reports it (either may be 0: never set); null when it cannot be read.</summary>
    public static TerminalSize? Cells(int descriptor)
    {
        var fields = Stty(descriptor, "size")?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is [var rows, var columns]
            && ushort.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && ushort.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            ? new TerminalSize(w, h)
            : null;
    }

    /// <summary>Restores the saved settings (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 0)
        {
            Stty(StandardInput, _saved);
        }
    }

    /// <summary>Runs stty on one of this process's descriptors; its output, or null when it failed.</summary>
    private static string? Stty(int descriptor, params string[] arguments)
    {
        var start = new ProcessStartInfo("stty")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-F");
        start.ArgumentList.Add($"/proc/{Environment.ProcessId}/fd/{descriptor}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var stty = Process.Start(start)!;
            stty.StandardInput.Close();
            var output = stty.StandardOutput.ReadToEnd();
            stty.StandardError.ReadToEnd();
            stty.WaitForExit();
            return stty.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
