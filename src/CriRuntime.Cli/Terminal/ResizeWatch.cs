using System.Runtime.InteropServices;
using System.Threading.Channels;
using CriRuntime.Streaming.Client;

namespace CriRuntime.Cli.Terminal;

/// <summary>The local terminal's new size at each SIGWINCH, for the session's resize channel (only the latest is kept).</summary>
internal sealed class ResizeWatch : IDisposable
{
    private readonly Channel<TerminalSize> _sizes = Channel.CreateBounded<TerminalSize>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly PosixSignalRegistration _registration;

    public ResizeWatch() => _registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ =>
    {
        if (RawTerminal.Size() is { } size)
        {
            _sizes.Writer.TryWrite(size);
        }
    });

    public ChannelReader<TerminalSize> Sizes => _sizes.Reader;

    public void Dispose()
    {
        _registration.Dispose();
        _sizes.Writer.TryComplete();
    }
}
