using System.Runtime.CompilerServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Interop;

/// <summary>
/// The shim takes the signals it cares about through a signalfd in its one poll loop. They must be blocked in every
/// thread, or the kernel hands them to whichever thread leaves them unblocked: a SIGCHLD is then lost to the signalfd
/// and a SIGTERM kills the shim. Threads started later inherit the main thread's mask, but the runtime's finalizer
/// thread exists before Main, so the mask is also set there, from a finalizer.
/// </summary>
internal static unsafe class Signals
{
    private static readonly int[] Handled = [SIGCHLD, SIGTERM, SIGINT, SIGHUP];

    public static void BlockHandled()
    {
        BlockInCurrentThread();
        CreateGarbageWithFinalizer();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!FinalizerThreadMask.Blocked)
        {
            throw new ShimException("could not block signals on the finalizer thread");
        }
    }

    /// <summary>A non-blocking signalfd for the handled signals.</summary>
    public static int OpenSignalFd()
    {
        sigset_t set = default;
        Fill(&set);
        var fd = Libc.signalfd(-1, &set, Libc.SFD_CLOEXEC | Libc.SFD_NONBLOCK);
        if (fd < 0)
        {
            throw Errno.Fail("signalfd", Errno.Last);
        }

        return fd;
    }

    /// <summary>The next pending signal number, or 0 when none is pending.</summary>
    public static int ReadNext(int signalFd)
    {
        // struct signalfd_siginfo is 128 bytes; ssi_signo is its first field.
        Span<byte> info = stackalloc byte[128];
        var n = Fd.Read(signalFd, info);
        return n == 128 ? (int)BitConverter.ToUInt32(info) : 0;
    }

    /// <summary>Signals whose disposition a spawned program must find at default (the runtime ignores SIGPIPE).</summary>
    public static void FillDefaultsForChild(sigset_t* set)
    {
        _ = sigemptyset(set);
        foreach (var signal in Handled)
        {
            _ = sigaddset(set, signal);
        }

        _ = sigaddset(set, SIGPIPE);
    }

    private static void BlockInCurrentThread()
    {
        sigset_t set = default;
        Fill(&set);
        if (pthread_sigmask(SIG_BLOCK, &set, null) != 0)
        {
            throw new ShimException("pthread_sigmask failed");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateGarbageWithFinalizer() => _ = new FinalizerThreadMask();

    private static void Fill(sigset_t* set)
    {
        _ = sigemptyset(set);
        foreach (var signal in Handled)
        {
            _ = sigaddset(set, signal);
        }
    }

    /// <summary>Its finalizer runs on the finalizer thread, the one place to call pthread_sigmask for that thread.</summary>
    private sealed class FinalizerThreadMask
    {
        public static volatile bool Blocked;

        ~FinalizerThreadMask()
        {
            BlockInCurrentThread();
            Blocked = true;
        }
    }
}
