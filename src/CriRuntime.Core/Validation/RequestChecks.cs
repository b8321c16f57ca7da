using System.Text;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Validation;

/// <summary>
/// Shapes and sizes of the strings a CRI request carries, checked before anything is written: a value out of bounds
/// is InvalidArgument naming the field. The gRPC layer already caps a whole message at 16 MiB.
/// </summary>
public static class RequestChecks
{
    /// <summary>Longest metadata name, namespace or uid in UTF-8 bytes: a Kubernetes DNS subdomain.</summary>
    public const int MaxNameBytes = 253;

    /// <summary>Largest labels or annotations map (keys plus values, UTF-8 bytes): the API server's annotation limit.</summary>
    public const int MaxMetadataBytes = 256 * 1024;

    /// <summary>Longest path in bytes (Linux PATH_MAX).</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>A metadata name, namespace or uid: no longer than <see cref="MaxNameBytes"/>, no control characters.</summary>
    public static void Name(string field, string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > MaxNameBytes)
        {
            throw CriException.InvalidArgument($"{field} is longer than {MaxNameBytes} bytes");
        }

        if (value.Any(char.IsControl) || value.Contains('/', StringComparison.Ordinal) || value is "." or "..")
        {
            throw CriException.InvalidArgument($"{field} \"{Shown(value)}\" contains a control character or '/', or is \".\" or \"..\"");
        }
    }

    /// <summary>Labels or annotations: at most <see cref="MaxMetadataBytes"/> in all, no NUL in keys or values.</summary>
    public static void Metadata(string field, IReadOnlyDictionary<string, string> map)
    {
        long bytes = 0;
        foreach (var (key, value) in map)
        {
            bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw CriException.InvalidArgument($"{field} has an empty key or a NUL character");
            }
        }

        if (bytes > MaxMetadataBytes)
        {
            throw CriException.InvalidArgument($"{field} are larger than {MaxMetadataBytes} bytes");
        }
    }

    /// <summary>A string passed to a program or a file (argv, env, DNS values): no NUL, and no line break when <paramref name="singleLine"/>.</summary>
    public static void Text(string field, string value, bool singleLine = false)
    {
        if (value.Contains('\0', StringComparison.Ordinal) || (singleLine && (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))))
        {
            throw CriException.InvalidArgument($"{field} \"{Shown(value)}\" contains a NUL character or a line break");
        }
    }

    /// <summary>An absolute path without NUL, no longer than <see cref="MaxPathBytes"/>.</summary>
    public static void AbsolutePath(string field, string value)
    {
        Path(field, value);
        if (!value.StartsWith('/'))
        {
            throw CriException.InvalidArgument($"{field} \"{Shown(value)}\" is not an absolute path");
        }
    }

    /// <summary>A relative path that stays below its directory: not absolute, no <c>..</c> component, no NUL.</summary>
    public static void RelativePathInside(string field, string value)
    {
        Path(field, value);
        if (value.StartsWith('/') || value.Split('/').Any(part => part == ".."))
        {
            throw CriException.InvalidArgument($"{field} \"{Shown(value)}\" must be a relative path without \"..\"");
        }
    }

    private static void Path(string field, string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw CriException.InvalidArgument($"{field} \"{Shown(value)}\" contains a NUL character");
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxPathBytes)
        {
            throw CriException.InvalidArgument($"{field} is longer than {MaxPathBytes} bytes");
        }
    }

    private static string Shown(string value) => SafeText.Clip(value);
}
