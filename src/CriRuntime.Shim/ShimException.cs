namespace CriRuntime.Shim;

/// <summary>A failure the shim reports as one line (stderr, the exit file or the readiness pipe).</summary>
internal sealed class ShimException : Exception
{
    public ShimException(string message)
        : base(message)
    {
    }

    public ShimException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ShimException()
    {
    }
}
