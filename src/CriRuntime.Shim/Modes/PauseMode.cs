using CriRuntime.Shim.Interop;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Modes;

/// <summary>
/// The infra process of a pod sharing one PID namespace: as its init it reaps every orphan, and it exits 0 on SIGTERM
/// or SIGINT. The signals are blocked and read from a signalfd, which also works for a namespace's init, whose
/// default-disposition signals the kernel would otherwise drop.
/// </summary>
internal static unsafe class PauseMode
{
    public static int Run()
    {
        var signalFd = Signals.OpenSignalFd();
        while (true)
        {
            Reap();
            pollfd pfd = default;
            pfd.fd = signalFd;
            pfd.events = POLLIN;
            if (poll(&pfd, 1, -1) < 0 && Errno.Tmds != EINTR)
            {
                throw Errno.Fail("poll", Errno.Tmds);
            }

            int signal;
            while ((signal = Signals.ReadNext(signalFd)) != 0)
            {
                if (signal == SIGTERM || signal == SIGINT)
                {
                    return 0;
                }
            }
        }
    }

    private static void Reap()
    {
        while (ChildReaper.TryReap(out _, out _))
        {
        }
    }
}
