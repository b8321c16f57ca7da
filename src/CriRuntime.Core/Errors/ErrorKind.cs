namespace CriRuntime.Core.Errors;

/// <summary>
/// What went wrong, in the domain's terms. The server maps each kind to one gRPC status code
/// (kubelet acts on those codes: NotFound above all), so pick the kind by what the caller should do.
/// </summary>
public enum ErrorKind
{
    NotFound,
    AlreadyExists,
    InvalidArgument,
    FailedPrecondition,
    Unavailable,
    DeadlineExceeded,
    ResourceExhausted,
    PermissionDenied,
    Internal,
    Unimplemented,
}
