namespace CriRuntime.Core.Errors;

/// <summary>A domain error: its kind decides the gRPC status, its message reaches the caller as is.</summary>
public sealed class CriException : Exception
{
    public CriException(ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }

    public static CriException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static CriException InvalidArgument(string message) => new(ErrorKind.InvalidArgument, message);

    public static CriException AlreadyExists(string message) => new(ErrorKind.AlreadyExists, message);

    public static CriException FailedPrecondition(string message) => new(ErrorKind.FailedPrecondition, message);
}
