using System.Runtime.ExceptionServices;
using CriRuntime.Linux.Interop;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Runs a function inside a network namespace on a short-lived thread of its own: setns(2) changes only the calling
/// thread, and the thread ends with the function, so no other code ever runs in the pod's namespace and no thread
/// goes back to the pool carrying it.
/// </summary>
internal static class NetnsThread
{
    /// <summary>
    /// <paramref name="inside"/>'s result, computed after entering the namespace pinned at <paramref name="netnsPath"/>.
    /// Errors (opening or entering the namespace, or the function's own) are rethrown on the caller's thread.
    /// </summary>
    public static T Run<T>(string netnsPath, string threadName, Func<T> inside)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var ns = File.OpenHandle(netnsPath, FileMode.Open, FileAccess.Read))
                {
                    Native.Setns(ns, Native.CLONE_NEWNET, netnsPath);
                }

                result = inside();
            }
            catch (Exception e)
            {
                // An exception escaping a thread would end the daemon: it belongs to the caller.
                error = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }
}
