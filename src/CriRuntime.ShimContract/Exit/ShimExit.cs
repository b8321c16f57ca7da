namespace CriRuntime.ShimContract.Exit;

/// <summary>The exit codes the daemon reports from what the shim left, or did not leave, behind.</summary>
public static class ShimExit
{
    /// <summary>
    /// The one exit code of a container whose shim is gone without an exit file (SIGKILL, a crash, the daemon found
    /// it gone at start-up, a stop that ended without one): 137, 128 + SIGKILL, as containerd reports the task of a
    /// dead shim. The shim writes the exit file before it closes its connections, so a shim gone without one was killed.
    /// </summary>
    public const int NoExitFileCode = 128 + 9;

    /// <summary>The exit code of a runtime failure before the container ran (the record also carries the error).</summary>
    public const int FailedCode = -1;
}
