namespace CriRuntime.Core.Streaming;

/// <summary>Opens TCP connections to a pod's ports from inside its network namespace.</summary>
public interface IPortDialer
{
    /// <summary>
    /// Connects to <paramref name="port"/> on the loopback address of the network namespace pinned at
    /// <paramref name="netnsPath"/> (null: the host's, for pods in host network), IPv4 first, then IPv6.
    /// Throws <see cref="IOException"/> naming the port when nothing accepts.
    /// </summary>
    Task<Stream> ConnectAsync(string? netnsPath, int port, CancellationToken cancellationToken);
}
