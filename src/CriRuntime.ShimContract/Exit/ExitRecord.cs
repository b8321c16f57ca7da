namespace CriRuntime.ShimContract.Exit;

/// <summary>
/// What the exit file says. A container killed by signal S has exit code 128+S and <see cref="Signal"/> S (the shell
/// convention kubelet shows); a runtime failure before the container ran has exit code -1 and an error.
/// </summary>
public sealed record ExitRecord(int ExitCode)
{
    public int Signal { get; init; }

    /// <summary>When the container exited, in nanoseconds since the Unix epoch; 0 when the file does not say.</summary>
    public long ExitedAtUnixNanoseconds { get; init; }

    public bool OomKilled { get; init; }

    public string? Error { get; init; }

    /// <summary>Decodes a waitpid(2) status.</summary>
    public static ExitRecord FromWaitStatus(int status, long exitedAtUnixNanoseconds)
    {
        var termSignal = status & 0x7f;
        return termSignal == 0
            ? new ExitRecord((status >> 8) & 0xff) { ExitedAtUnixNanoseconds = exitedAtUnixNanoseconds }
            : new ExitRecord(128 + termSignal) { Signal = termSignal, ExitedAtUnixNanoseconds = exitedAtUnixNanoseconds };
    }

    public static ExitRecord Failed(string error) => new(ShimExit.FailedCode) { Error = error };
}
