using System.Collections;
using System.Runtime.InteropServices;
using Tmds.Linux;

namespace CriRuntime.Shim.Interop;

/// <summary>
/// posix_spawn(3): glibc starts the child with clone(CLONE_VM|CLONE_VFORK) and execs at once, which is safe in a
/// multithreaded runtime where fork() is not. The child gets the given stdio, an optional descriptor as fd 3, an
/// empty signal mask and default dispositions for the signals the shim blocks or the runtime ignores.
/// </summary>
internal static unsafe class ProcessSpawner
{
    // glibc's posix_spawnattr_t is 336 bytes and posix_spawn_file_actions_t 80 on x86-64 and arm64; room to spare.
    private const int OpaqueSize = 1024;

    public static int Spawn(SpawnRequest request)
    {
        var attr = NativeMemory.AllocZeroed(OpaqueSize);
        var actions = NativeMemory.AllocZeroed(OpaqueSize);
        var strings = new List<IntPtr>();
        try
        {
            Check(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
            Check(Libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");

            sigset_t empty = default;
            _ = LibC.sigemptyset(&empty);
            sigset_t defaults = default;
            Signals.FillDefaultsForChild(&defaults);
            Check(Libc.posix_spawnattr_setsigmask(attr, &empty), "posix_spawnattr_setsigmask");
            Check(Libc.posix_spawnattr_setsigdefault(attr, &defaults), "posix_spawnattr_setsigdefault");
            var flags = (short)(Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF);
            if (request.NewSession)
            {
                flags |= Libc.POSIX_SPAWN_SETSID;
            }

            Check(Libc.posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");

            // Sources are all >= 3 (Program makes sure 0-2 are open), so these dup2s never clobber each other.
            Check(Libc.posix_spawn_file_actions_adddup2(actions, request.Stdin, 0), "adddup2");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, request.Stdout, 1), "adddup2");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, request.Stderr, 2), "adddup2");
            if (request.ExtraFd >= 0)
            {
                Check(Libc.posix_spawn_file_actions_adddup2(actions, request.ExtraFd, 3), "adddup2");
            }

            var argv = ToNative(request.Arguments, strings);
            var envp = ToNative(BuildEnvironment(request), strings);
            var path = (byte*)Marshal.StringToCoTaskMemUTF8(request.Path);
            strings.Add((IntPtr)path);
            int pid;
            var error = Libc.posix_spawn(&pid, path, actions, attr, argv, envp);
            if (error != 0)
            {
                throw Errno.Fail($"spawn {request.Path}", error);
            }

            return pid;
        }
        finally
        {
            _ = Libc.posix_spawn_file_actions_destroy(actions);
            _ = Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    private static List<string> BuildEnvironment(SpawnRequest request)
    {
        var env = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name != request.DropVariable)
            {
                env.Add(name + "=" + (string?)entry.Value);
            }
        }

        if (request.AddVariable is { } add)
        {
            env.Add(add);
        }

        return env;
    }

    private static byte** ToNative(IReadOnlyList<string> values, List<IntPtr> owned)
    {
        var array = (byte**)Marshal.AllocCoTaskMem((values.Count + 1) * sizeof(byte*));
        owned.Add((IntPtr)array);
        for (var i = 0; i < values.Count; i++)
        {
            var s = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(s);
            array[i] = (byte*)s;
        }

        array[values.Count] = null;
        return array;
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw Errno.Fail(what, error);
        }
    }
}

/// <summary>What to start: argv[0] included in <see cref="Arguments"/>; descriptors for 0, 1, 2 and optionally 3.</summary>
internal sealed record SpawnRequest(string Path, IReadOnlyList<string> Arguments, int Stdin, int Stdout, int Stderr)
{
    public int ExtraFd { get; init; } = -1;

    public bool NewSession { get; init; }

    public string? DropVariable { get; init; }

    public string? AddVariable { get; init; }
}
