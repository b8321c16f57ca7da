using System.Net.Sockets;
using CriRuntime.Linux.Files;

namespace CriRuntime.Server.Hosting;

/// <summary>
/// Prepares the CRI socket path: a stale socket file left by a crash is replaced, but a socket that
/// another process still serves is never taken over (two runtimes on one socket would corrupt a node).
/// </summary>
internal static class SocketGuard
{
    public const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Returns null when the path is ready to bind, or why the daemon must not start.</summary>
    public static string? Prepare(string socketPath)
    {
        var dir = Path.GetDirectoryName(socketPath);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        switch (FileKind.Of(socketPath))
        {
            case FileKindValue.Missing:
                return null;
            case FileKindValue.Socket when IsServed(socketPath):
                return $"another process is already serving on {socketPath}; stop it first";
            case FileKindValue.Socket:
                File.Delete(socketPath);
                return null;
            default:
                return $"{socketPath} exists and is not a socket; refusing to replace it";
        }
    }

    private static bool IsServed(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
