using System.Runtime.InteropServices;
using System.Text;
using CriRuntime.Streaming.Client;
using Spectre.Console;

namespace CriRuntime.Cli.Terminal;

/// <summary>
/// Spectre.Console's output over the CLI's own writer. Spectre's <c>AnsiConsoleOutput</c> asks
/// <see cref="System.Console"/> for the width (and whether it is a terminal), and that makes .NET initialise the
/// terminal and write terminfo's keypad_xmit (<c>ESC[?1h ESC=</c>) to it whenever one is attached, even with stdout
/// redirected, leaving the user's shell in application keypad mode. On a terminal the width comes from stty instead,
/// read once and again after each SIGWINCH.
/// </summary>
internal sealed class TerminalOutput : IAnsiConsoleOutput, IDisposable
{
    private const int DefaultWidth = 80;
    private const int DefaultHeight = 24;
    private readonly PosixSignalRegistration? _resized;
    private TerminalSize? _size;
    private int _stale;

    /// <param name="writer">Where Spectre writes.</param>
    /// <param name="terminal">Whether stdout is a terminal (then its size is read with stty).</param>
    public TerminalOutput(TextWriter writer, bool terminal)
    {
        Writer = writer;
        IsTerminal = terminal;
        if (terminal)
        {
            _stale = 1;
            _resized = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Volatile.Write(ref _stale, 1));
        }
    }

    public TextWriter Writer { get; }

    public bool IsTerminal { get; }

    /// <summary>Columns of the terminal on stdout; 80 when it cannot be read or stdout is none.</summary>
    public int Width => Size is { Width: > 0 } size ? size.Width : DefaultWidth;

    /// <summary>Rows of the terminal on stdout; 24 when it cannot be read.</summary>
    public int Height => Size is { Height: > 0 } size ? size.Height : DefaultHeight;

    private TerminalSize? Size
    {
        get
        {
            if (Interlocked.Exchange(ref _stale, 0) == 1)
            {
                _size = RawTerminal.Cells(RawTerminal.StandardOutput);
            }

            return _size;
        }
    }

    /// <summary>The writer's encoding is the CLI's (UTF-8); the terminal's is not ours to change.</summary>
    public void SetEncoding(Encoding encoding)
    {
    }

    public void Dispose() => _resized?.Dispose();
}
