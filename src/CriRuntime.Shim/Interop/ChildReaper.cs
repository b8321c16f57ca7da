namespace CriRuntime.Shim.Interop;

/// <summary>Collects exited children without blocking (the shim is a subreaper, so orphans land here too).</summary>
internal static unsafe class ChildReaper
{
    /// <summary>One exited child, or false when none is waiting to be reaped.</summary>
    public static bool TryReap(out int pid, out int status)
    {
        int s;
        while (true)
        {
            var r = Libc.waitpid(-1, &s, Libc.WNOHANG);
            if (r > 0)
            {
                pid = r;
                status = s;
                return true;
            }

            if (r < 0 && Errno.Last == 4 /* EINTR */)
            {
                continue;
            }

            pid = 0;
            status = 0;
            return false;
        }
    }

    public static void BecomeSubreaper()
    {
        if (Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        {
            throw Errno.Fail("prctl PR_SET_CHILD_SUBREAPER", Errno.Last);
        }
    }
}
