using System.Diagnostics;

namespace CriRuntime.Linux.Processes;

/// <summary>
/// Closes the redirected stdio pipes of a child process. <see cref="Process.Dispose()"/> leaves open every redirected
/// stream the caller has touched (<see cref="Process.StandardOutput"/>, <see cref="Process.StandardError"/>,
/// <see cref="Process.StandardInput"/>), since the caller may still hold it; left to the finalizer those pipes piled
/// up in the daemon (about 24 open fds per pod cycle between two garbage collections).
/// </summary>
internal static class ProcessStdio
{
    /// <summary>Declare with <c>using</c> after the process's own <c>using</c>, so the pipes are closed first.</summary>
    public static StdioCloser OwnStdio(this Process process) => new(process);

    /// <summary>Closes the redirected streams of one process when disposed.</summary>
    internal sealed class StdioCloser(Process process) : IDisposable
    {
        public void Dispose()
        {
            var info = process.StartInfo;
            if (info.RedirectStandardInput)
            {
                Close(process, p => p.StandardInput);
            }

            if (info.RedirectStandardOutput)
            {
                Close(process, p => p.StandardOutput);
            }

            if (info.RedirectStandardError)
            {
                Close(process, p => p.StandardError);
            }
        }

        private static void Close(Process process, Func<Process, IDisposable> stream)
        {
            try
            {
                stream(process).Dispose();
            }
            catch (InvalidOperationException)
            {
                // Read with Begin*ReadLine: Process.Dispose closes that stream itself.
            }
            catch (IOException)
            {
                // Stdin whose reader exited: flushing what was left fails with EPIPE; the pipe is closed all the same.
            }
        }
    }
}
