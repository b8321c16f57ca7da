using CriRuntime.Cli.Output;
using CriRuntime.Cli.Terminal;
using CriRuntime.Protocol;
using Grpc.Net.Client;
using Runtime.V1;
using Spectre.Console;

namespace CriRuntime.Cli;

/// <summary>
/// What one command run has: the endpoint, output format, writers and console, and the CRI clients
/// (the channel is opened at the first call). Disposed when the command ends.
/// </summary>
internal sealed class CliContext : IDisposable
{
    private readonly TerminalOutput _output;
    private GrpcChannel? _channel;

    public CliContext(string endpoint, CliConfig config, OutputFormat format, TimeSpan timeout, TextWriter stdout, TextWriter stderr, bool terminal)
    {
        Endpoint = endpoint;
        Config = config;
        Format = format;
        Timeout = timeout;
        Out = stdout;
        Error = stderr;
        Terminal = terminal;
        _output = new TerminalOutput(stdout, terminal);
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = _output,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Tables written to a pipe or file are read by scripts: never wrap a row.
            Console.Profile.Width = 512;
        }
    }

    /// <summary>The runtime endpoint, unix:///path.</summary>
    public string Endpoint { get; }

    public CliConfig Config { get; }

    public OutputFormat Format { get; }

    /// <summary>Deadline of each unary call; streams (logs -f, events, stats) run until interrupted.</summary>
    public TimeSpan Timeout { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Whether stdout is a terminal: live displays and colours only then.</summary>
    public bool Terminal { get; }

    public IAnsiConsole Console { get; }

    public RuntimeService.RuntimeServiceClient Runtime => new(Channel);

    public ImageService.ImageServiceClient Images => new(Channel);

    /// <summary>criruntime's own admin service (pull progress) on the same socket.</summary>
    public Admin.V1.Admin.AdminClient Admin => new(Channel);

    private GrpcChannel Channel => _channel ??= UnixSocketChannel.Open(Endpoint);

    /// <summary>The deadline for a unary call started now.</summary>
    public DateTime Deadline => DateTime.UtcNow + Timeout;

    public void Dispose()
    {
        _channel?.Dispose();
        _output.Dispose();
    }
}
