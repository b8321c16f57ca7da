using System.Net.Sockets;
namespace CriRuntime.Linux.Files;

/// <summary>
/// Prepares the CRI socket path: a stale socket file left by a crash is replaced, but a socket that
/// another process still serves is never taken over (two runtimes on one socket would corrupt a node).
/// </summary>
public static class SocketGuard
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

    /// <summary>Limits the bound socket to its owner and group (read and write), as <see cref="SocketMode"/>.</summary>
    public static void Restrict(string socketPath) => File.SetUnixFileMode(socketPath, SocketMode);

    /// <summary>Deletes the socket file Kestrel leaves behind, so the next start sees no stale socket.</summary>
    public static void Remove(string socketPath) => File.Delete(socketPath);

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
