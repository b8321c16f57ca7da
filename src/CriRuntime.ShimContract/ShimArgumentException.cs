namespace CriRuntime.ShimContract;

/// <summary>A shim command line the contract refuses; the message names the flag.</summary>
public sealed class ShimArgumentException : Exception
{
    public ShimArgumentException(string message)
        : base(message)
    {
    }

    public ShimArgumentException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ShimArgumentException()
    {
    }
}
