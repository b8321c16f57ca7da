using System.Text;
using CriRuntime.Shim.Interop;
using CriRuntime.ShimContract.Arguments;
using static Tmds.Linux.LibC;

namespace CriRuntime.Shim.Modes;

/// <summary>
/// Creates network, IPC and UTS namespaces and pins each by bind-mounting it onto a file, so they outlive this
/// process (like CRI-O's pinns). unshare(2) moves only the calling thread, so everything happens on the main
/// thread, and the namespaces are taken from <c>/proc/thread-self/ns</c>, not from the process's leader view.
/// </summary>
internal static unsafe class PinMode
{
    public static int Run(ShimPinOptions options)
    {
        var kinds = new List<(string Name, int Flag)>();
        if (options.Net)
        {
            kinds.Add((ShimPinOptions.NetName, CLONE_NEWNET));
        }

        if (options.Ipc)
        {
            kinds.Add((ShimPinOptions.IpcName, CLONE_NEWIPC));
        }

        if (options.Uts)
        {
            kinds.Add((ShimPinOptions.UtsName, CLONE_NEWUTS));
        }

        var flags = 0;
        foreach (var (_, flag) in kinds)
        {
            flags |= flag;
        }

        Directory.CreateDirectory(options.Dir);
        if (unshare(flags) != 0)
        {
            throw Errno.Fail("unshare", Errno.Tmds);
        }

        if (options.Hostname is { } hostname)
        {
            var bytes = Encoding.UTF8.GetBytes(hostname);
            fixed (byte* p = bytes)
            {
                if (sethostname(p, bytes.Length) != 0)
                {
                    throw Errno.Fail("sethostname", Errno.Tmds);
                }
            }
        }

        var created = new List<string>();
        var mounted = new List<string>();
        try
        {
            foreach (var (name, _) in kinds)
            {
                var target = Path.Combine(options.Dir, name);

                // O_EXCL: never mount over a pin that is already there.
                Fd.Close(Fd.Open(target, O_WRONLY | O_CREAT | O_EXCL, 0x124 /* 0444 */));
                created.Add(target);
                BindMount($"/proc/thread-self/ns/{name}", target);
                mounted.Add(target);
            }
        }
        catch (ShimException)
        {
            foreach (var target in mounted)
            {
                Unmount(target);
            }

            foreach (var target in created)
            {
                Fd.Unlink(target);
            }

            throw;
        }

        return 0;
    }

    private static void BindMount(string source, string target)
    {
        var s = Utf8Z.From(source);
        var t = Utf8Z.From(target);
        fixed (byte* ps = s)
        fixed (byte* pt = t)
        {
            if (mount(ps, pt, null, MS_BIND, null) != 0)
            {
                throw Errno.Fail($"bind mount {source} on {target}", Errno.Tmds);
            }
        }
    }

    private static void Unmount(string target)
    {
        var t = Utf8Z.From(target);
        fixed (byte* pt = t)
        {
            _ = umount2(pt, MNT_DETACH);
        }
    }
}
