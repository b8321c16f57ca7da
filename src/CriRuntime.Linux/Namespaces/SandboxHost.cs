using System.Globalization;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.Interop;
using CriRuntime.Linux.Oci;
using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Pins a sandbox's namespaces through <c>criruntime-shim pin</c> (the unshare happens in a single-threaded
/// process, never in the daemon) and unpins them with umount2(MNT_DETACH) and unlink.
/// </summary>
public sealed class SandboxHost(RuntimePaths paths) : ISandboxHost
{
    private static readonly TimeSpan PinTimeout = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyDictionary<string, string>> PinNamespacesAsync(
        string directory, bool network, bool ipc, bool uts, string? hostname, CancellationToken cancellationToken)
    {
        var options = new ShimPinOptions { Dir = directory, Net = network, Ipc = ipc, Uts = uts, Hostname = uts ? hostname : null };
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        if (network)
        {
            pins[NamespaceTypes.Network] = options.PinPath(ShimPinOptions.NetName);
        }

        if (ipc)
        {
            pins[NamespaceTypes.Ipc] = options.PinPath(ShimPinOptions.IpcName);
        }

        if (uts)
        {
            pins[NamespaceTypes.Uts] = options.PinPath(ShimPinOptions.UtsName);
        }

        if (pins.Count == 0)
        {
            return pins;
        }

        var result = await CommandRunner.RunAsync(paths.ShimBinary, options.ToArguments(), PinTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            UnpinNamespaces(pins.Values);
            throw new CriException(ErrorKind.Internal, $"pinning namespaces in {directory}: {result.Error}");
        }

        var missing = pins.Values.Where(p => !MountTable.IsMountPoint(p)).ToList();
        if (missing.Count > 0)
        {
            UnpinNamespaces(pins.Values);
            throw new CriException(ErrorKind.Internal, $"criruntime-shim pin exited 0 but did not pin {string.Join(", ", missing)}");
        }

        return pins;
    }

    public async Task<string> ReadNodeFileAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : "";

    public void UnpinNamespaces(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            // A namespace may be bind-mounted more than once (a retried pin): detach until nothing is left.
            for (var i = 0; i < 8 && Native.UnmountDetach(file); i++)
            {
            }

            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    public void MountShm(string path, long sizeBytes) =>
        Native.Mount("shm", path, "tmpfs", Native.MS_NOSUID | Native.MS_NODEV | MsNoexec, "mode=1777,size=" + sizeBytes.ToString(CultureInfo.InvariantCulture));

    public bool Unmount(string path)
    {
        var any = false;
        for (var i = 0; i < 8 && Native.UnmountDetach(path); i++)
        {
            any = true;
        }

        return any;
    }

    public bool IsMounted(string path) => MountTable.IsMountPoint(path);

    private const ulong MsNoexec = 8;
}
