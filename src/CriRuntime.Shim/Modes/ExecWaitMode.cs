using System.Globalization;
using CriRuntime.Shim.Exit;
using CriRuntime.Shim.Interop;
using CriRuntime.ShimContract.Exit;

namespace CriRuntime.Shim.Modes;

/// <summary>
/// <c>criruntime-shim exec-wait --pid-file FILE -- RUNTIME ARGS...</c>, for ExecSync: runs the OCI runtime's
/// <c>exec --detach --pid-file FILE</c> (given in full after <c>--</c>) with this process's stdio, then waits for the
/// exec'd process, which the runtime leaves to this subreaper, and exits with its status (128+N for signal N).
/// A runtime that fails before the process exists makes it exit with the runtime's code (its stderr passed through).
/// The runtime without <c>--detach</c> would not exit while a background child of the process holds its pipes.
/// </summary>
internal static unsafe class ExecWaitMode
{
    public static int Run(IReadOnlyList<string> args)
    {
        if (args is not ["--pid-file", var pidFile, "--", var runtime, ..])
        {
            throw new ShimException("usage: criruntime-shim exec-wait --pid-file FILE -- RUNTIME ARGS...");
        }

        ChildReaper.BecomeSubreaper();
        var runtimePid = ProcessSpawner.Spawn(new SpawnRequest(runtime, [.. args.Skip(3)], 0, 1, 2));
        var execPid = 0;
        var runtimeStatus = -1;
        while (true)
        {
            int status;
            var pid = Libc.waitpid(-1, &status, 0);
            if (pid < 0)
            {
                if (Errno.Last == 4 /* EINTR */)
                {
                    continue;
                }

                // No child left: the process was reaped by the runtime before it exited (it ran too short to matter).
                return runtimeStatus == 0 ? 0 : ExitRecord.FromWaitStatus(runtimeStatus, 0).ExitCode;
            }

            if (pid == runtimePid)
            {
                runtimeStatus = status;
                execPid = ReadPid(pidFile);
                if (execPid <= 0)
                {
                    return Math.Max(1, ExitRecord.FromWaitStatus(status, 0).ExitCode);
                }
            }
            else if (pid == execPid || (execPid == 0 && pid == ReadPid(pidFile)))
            {
                return ExitRecord.FromWaitStatus(status, 0).ExitCode;
            }
        }
    }

    private static int ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
