using CriRuntime.Core.Sandboxes;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Reads <c>/proc/thread-self/net/dev</c> inside the pod's pinned network namespace (<see cref="NetnsThread"/>), so no
/// process in the pod is needed.
/// </summary>
public sealed class NetnsUsageReader : INetworkUsageReader
{
    public IReadOnlyList<InterfaceUsage>? Read(string netnsPath)
    {
        try
        {
            return NetnsThread.Run(netnsPath, "netns-usage", () => InterfaceUsage.ParseProcNetDev(File.ReadAllText("/proc/thread-self/net/dev")));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
