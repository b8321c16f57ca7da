using System.Threading.Channels;

namespace CriRuntime.Core.Streaming;

/// <summary>
/// The client's ends of an interactive process (exec or attach): what it types and where output goes. A null stream
/// was not requested. <see cref="Stdin"/> reaching its end closes the process's stdin.
/// </summary>
public sealed class ProcessStreams
{
    public Stream? Stdin { get; init; }

    public Stream? Stdout { get; init; }

    /// <summary>Always null with a tty (its output is merged into stdout).</summary>
    public Stream? Stderr { get; init; }

    public bool Tty { get; init; }

    /// <summary>Terminal sizes from the client, in order (tty only); null without a resize stream.</summary>
    public ChannelReader<TerminalSize>? Resize { get; init; }
}
