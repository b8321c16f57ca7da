using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Containers;

/// <summary>The error kind of an OCI runtime failure, from its message: what the caller got wrong is not Internal.</summary>
public static class OciErrors
{
    /// <summary>
    /// NotFound for a missing executable or path (runc: <c>executable file not found</c>, <c>no such file or
    /// directory</c>), InvalidArgument for a mount that cannot be made (<c>not a directory</c>), Internal otherwise.
    /// </summary>
    public static ErrorKind KindOf(string message)
    {
        if (message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
            || message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorKind.NotFound;
        }

        return message.Contains("not a directory", StringComparison.OrdinalIgnoreCase) ? ErrorKind.InvalidArgument : ErrorKind.Internal;
    }
}
