using CriRuntime.Core.Sandboxes;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Reads <c>/proc/thread-self/net/dev</c> from a thread of its own that enters the pod's pinned network namespace
/// (setns) and then ends, so no other code ever runs in the pod's namespace and no process in the pod is needed.
/// </summary>
public sealed class NetnsUsageReader : INetworkUsageReader
{
    public IReadOnlyList<InterfaceUsage>? Read(string netnsPath)
    {
        IReadOnlyList<InterfaceUsage>? result = null;
        var thread = new Thread(() => result = ReadInside(netnsPath)) { IsBackground = true, Name = "netns-usage" };
        thread.Start();
        thread.Join();
        return result;
    }

    private static IReadOnlyList<InterfaceUsage>? ReadInside(string netnsPath)
    {
        try
        {
            using (var ns = File.OpenHandle(netnsPath, FileMode.Open, FileAccess.Read))
            {
                Native.Setns(ns, Native.CLONE_NEWNET, netnsPath);
            }

            return InterfaceUsage.ParseProcNetDev(File.ReadAllText("/proc/thread-self/net/dev"));
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
