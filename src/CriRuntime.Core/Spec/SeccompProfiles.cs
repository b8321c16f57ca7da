using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Spec;

/// <summary>
/// Turns a container's seccomp request into the OCI filter: none for unconfined, a deny list of syscalls that
/// reach outside a container for RuntimeDefault, and the node's profile file (Docker/OCI JSON) for Localhost.
/// </summary>
public static class SeccompProfiles
{
    private const long MaxProfileBytes = 1 << 20;

    /// <summary>
    /// Syscalls RuntimeDefault refuses with EPERM, each with the capability that lets a container use it anyway
    /// (null: never). An allow-by-default deny list keeps unusual but harmless programs working.
    /// </summary>
    private static readonly (string[] Names, string? Capability)[] DefaultDenied =
    [
        (["acct"], "CAP_SYS_PACCT"),
        (["add_key", "keyctl", "request_key"], null),
        (["bpf", "perf_event_open"], "CAP_SYS_ADMIN"),
        (["clock_adjtime", "clock_settime", "settimeofday", "stime"], "CAP_SYS_TIME"),
        (["create_module", "delete_module", "finit_module", "init_module", "query_module", "get_kernel_syms"], "CAP_SYS_MODULE"),
        (["iopl", "ioperm"], "CAP_SYS_RAWIO"),
        (["kexec_file_load", "kexec_load", "reboot"], "CAP_SYS_BOOT"),
        (["lookup_dcookie", "quotactl", "mount", "umount", "umount2", "pivot_root", "setns", "unshare", "name_to_handle_at", "open_by_handle_at", "fsopen", "fsmount", "fsconfig", "fspick", "move_mount", "open_tree"], "CAP_SYS_ADMIN"),
        (["nfsservctl", "uselib", "ustat", "sysfs", "_sysctl", "vm86", "vm86old", "userfaultfd"], null),
        (["ptrace", "process_vm_readv", "process_vm_writev", "kcmp"], "CAP_SYS_PTRACE"),
        (["swapon", "swapoff"], "CAP_SYS_ADMIN"),
        (["get_mempolicy", "set_mempolicy", "mbind", "move_pages"], "CAP_SYS_NICE"),
    ];

    /// <summary>The filter for a request; null means no filter. Capabilities are the container's bounding set.</summary>
    public static OciSeccomp? Resolve(SeccompRequest? request, IReadOnlyCollection<string> capabilities, IHostFiles files) => request?.Kind switch
    {
        null or SeccompKind.Unconfined => null,
        SeccompKind.RuntimeDefault => RuntimeDefault(capabilities),
        SeccompKind.Localhost => Load(request.LocalhostPath, files),
        _ => null,
    };

    public static OciSeccomp RuntimeDefault(IReadOnlyCollection<string> capabilities)
    {
        var profile = new OciSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"] };
        foreach (var (names, capability) in DefaultDenied)
        {
            if (capability is null || !capabilities.Contains(capability))
            {
                profile.Syscalls.Add(new OciSyscall { Names = [.. names], Action = "SCMP_ACT_ERRNO", ErrnoRet = 1 });
            }
        }

        return profile;
    }

    /// <summary>Reads a profile file; a missing, oversized or malformed file is the caller's error, not ours.</summary>
    public static OciSeccomp Load(string path, IHostFiles files)
    {
        if (!Path.IsPathRooted(path))
        {
            throw CriException.InvalidArgument($"seccomp profile path \"{path}\" is not absolute");
        }

        byte[] bytes;
        try
        {
            var info = files.Inspect(path);
            if (!info.IsFile)
            {
                throw CriException.InvalidArgument($"seccomp profile \"{path}\" does not exist");
            }

            if (info.Length > MaxProfileBytes)
            {
                throw CriException.InvalidArgument($"seccomp profile \"{path}\" is larger than 1 MiB");
            }

            bytes = files.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CriException.InvalidArgument($"cannot read seccomp profile \"{path}\": {e.Message}");
        }

        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or KeyNotFoundException)
        {
            throw CriException.InvalidArgument($"seccomp profile \"{path}\" is not a valid profile: {e.Message}");
        }
    }

    /// <summary>Docker's and the OCI spec's profile formats: defaultAction, architectures and syscalls with names (or name).</summary>
    public static OciSeccomp Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var profile = new OciSeccomp
        {
            DefaultAction = root.GetProperty("defaultAction").GetString() ?? throw new FormatException("defaultAction is null"),
        };
        if (root.TryGetProperty("defaultErrnoRet", out var defaultErrno))
        {
            profile.DefaultErrnoRet = defaultErrno.GetUInt32();
        }

        if (root.TryGetProperty("architectures", out var architectures))
        {
            profile.Architectures = [.. architectures.EnumerateArray().Select(a => a.GetString() ?? "")];
        }

        if (root.TryGetProperty("syscalls", out var syscalls))
        {
            foreach (var entry in syscalls.EnumerateArray())
            {
                var syscall = new OciSyscall { Action = entry.GetProperty("action").GetString() ?? throw new FormatException("action is null") };
                if (entry.TryGetProperty("names", out var names))
                {
                    syscall.Names = [.. names.EnumerateArray().Select(n => n.GetString() ?? "")];
                }
                else if (entry.TryGetProperty("name", out var name))
                {
                    syscall.Names = [name.GetString() ?? ""];
                }

                if (entry.TryGetProperty("errnoRet", out var errno))
                {
                    syscall.ErrnoRet = errno.GetUInt32();
                }

                if (entry.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
                {
                    syscall.Args = [.. args.EnumerateArray().Select(a => new OciSyscallArg
                    {
                        Index = a.GetProperty("index").GetUInt32(),
                        Value = a.GetProperty("value").GetUInt64(),
                        ValueTwo = a.TryGetProperty("valueTwo", out var two) ? two.GetUInt64() : 0,
                        Op = a.GetProperty("op").GetString() ?? "",
                    })];
                }

                if (syscall.Names.Count == 0 || syscall.Names.Any(string.IsNullOrEmpty))
                {
                    throw new FormatException("a syscall rule has no name");
                }

                profile.Syscalls.Add(syscall);
            }
        }

        return profile;
    }
}
