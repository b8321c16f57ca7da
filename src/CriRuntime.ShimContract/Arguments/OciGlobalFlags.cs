namespace CriRuntime.ShimContract.Arguments;

/// <summary>
/// The global flags every OCI runtime command gets, from the daemon and from the shim alike:
/// <c>--root ROOT [--systemd-cgroup]</c> (runc(8) and crun(1) take them before the command).
/// </summary>
public static class OciGlobalFlags
{
    /// <summary>The flags, in the order runc documents them.</summary>
    public static IReadOnlyList<string> Of(string root, bool systemdCgroup) =>
        systemdCgroup ? ["--root", root, "--systemd-cgroup"] : ["--root", root];
}
