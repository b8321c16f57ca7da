namespace CriRuntime.Core.Spec;

/// <summary>The OCI runtime spec's linux.seccomp: a default action and per-syscall rules.</summary>
public sealed class OciSeccomp
{
    public string DefaultAction { get; set; } = "SCMP_ACT_ALLOW";

    public uint? DefaultErrnoRet { get; set; }

    public List<string>? Architectures { get; set; }

    public List<OciSyscall> Syscalls { get; set; } = [];
}

public sealed class OciSyscall
{
    public List<string> Names { get; set; } = [];

    public string Action { get; set; } = "";

    public uint? ErrnoRet { get; set; }

    public List<OciSyscallArg>? Args { get; set; }
}

public sealed class OciSyscallArg
{
    public uint Index { get; set; }

    public ulong Value { get; set; }

    public ulong ValueTwo { get; set; }

    public string Op { get; set; } = "";
}
