using CriRuntime.Cli.Terminal;
using CriRuntime.Linux.Files;

namespace CriRuntime.Cli;

/// <summary>
/// The process's standard streams as bytes, for commands that relay a remote process (exec, attach) or read a file
/// from stdin (images import -). In-process runs (tests) give their own.
/// </summary>
/// <param name="Input">Opens standard input.</param>
/// <param name="Output">Opens standard output (unbuffered: what arrives is written at once).</param>
/// <param name="Error">Opens standard error.</param>
/// <param name="InputIsTerminal">Whether standard input is a terminal (then -t puts it in raw mode).</param>
internal sealed record StandardStreams(Func<Stream> Input, Func<Stream> Output, Func<Stream> Error, bool InputIsTerminal)
{
    /// <summary>
    /// The real process's streams: stdin read with read(2) (never .NET's line editing), stdout and stderr unbuffered.
    /// None goes through System.Console, whose first write while a terminal is attached sends terminfo's keypad_xmit
    /// (<c>ESC[?1h ESC=</c>) and leaves the user's shell in application keypad mode (<see cref="OutputDescriptorStream"/>).
    /// </summary>
    public static StandardStreams Process() => new(
        static () => new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0),
        static () => new OutputDescriptorStream(1),
        static () => new OutputDescriptorStream(2),
        !Console.IsInputRedirected);

    /// <summary>A text writer over stdout (1) or stderr (2), flushed at every write, as Console.Out is.</summary>
    public static TextWriter Writer(int descriptor) =>
        new StreamWriter(new OutputDescriptorStream(descriptor), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };

    /// <summary>Streams over text writers (output decoded as UTF-8) and the given input: for runs inside a test.</summary>
    public static StandardStreams Over(TextWriter stdout, TextWriter stderr, Stream input) => new(
        () => input,
        () => new TextWriterStream(stdout),
        () => new TextWriterStream(stderr),
        InputIsTerminal: false);
}
