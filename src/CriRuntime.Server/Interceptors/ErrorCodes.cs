using CriRuntime.Core.Errors;
using Grpc.Core;

namespace CriRuntime.Server.Interceptors;

/// <summary>The one table from domain error kinds to gRPC status codes.</summary>
internal static class ErrorCodes
{
    public static StatusCode For(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Unimplemented => StatusCode.Unimplemented,
        ErrorKind.Internal => StatusCode.Internal,
        _ => StatusCode.Internal,
    };
}
