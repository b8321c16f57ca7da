namespace CriRuntime.Shim.Exit;

/// <summary>
/// What the exit file says. A container killed by signal S has exit code 128+S and <see cref="Signal"/> S (the shell
/// convention kubelet shows); a runtime failure before the container ran has exit code -1 and an error.
/// </summary>
internal sealed record ExitRecord(int ExitCode)
{
    public int Signal { get; init; }

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

    public static ExitRecord Failed(string error) => new(-1) { Error = error };
}
