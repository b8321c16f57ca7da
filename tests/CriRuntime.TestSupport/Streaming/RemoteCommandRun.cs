using System.Text;
using CriRuntime.Streaming.Client;

namespace CriRuntime.TestSupport.Streaming;

/// <summary>What a test sends in an exec or attach session: the streams it opens (they must match the CRI request), stdin, a terminal size.</summary>
public sealed record RemoteCommandRun
{
    public bool Stdin { get; init; }

    public bool Stdout { get; init; } = true;

    public bool Stderr { get; init; } = true;

    public bool Tty { get; init; }

    /// <summary>Bytes written to stdin once the session is open; stdin is closed afterwards when <see cref="CloseStdin"/>.</summary>
    public byte[] Input { get; init; } = [];

    public bool CloseStdin { get; init; } = true;

    /// <summary>A terminal size sent first (tty only): columns, rows.</summary>
    public (ushort Width, ushort Height)? Size { get; init; }

    /// <summary>The sub-protocol offered (X-Stream-Protocol-Version for SPDY, the WebSocket sub-protocol).</summary>
    public string Protocol { get; init; } = "v4.channel.k8s.io";

    internal byte[] SizeJson() => Size is { } s ? new TerminalSize(s.Width, s.Height).ToJson() : [];
}

/// <summary>
/// How a session ended: the HTTP status of the upgrade (101 when it happened), the output, the error stream's text
/// and the exit code it reports (v4/v5 Status JSON: 0 on Success, the ExitCode cause on NonZeroExitCode).
/// </summary>
public sealed record RemoteCommandResult(int HttpStatus, byte[] Stdout, byte[] Stderr, string Error)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public string StderrText => Encoding.UTF8.GetString(Stderr);

    /// <summary>The exit code from a v4/v5 Status on the error stream; null when there is none or it is another failure.</summary>
    public int? ExitCode => Error.TrimStart().StartsWith('{') ? RemoteCommandStatus.Parse(Error).ExitCode : null;
}
