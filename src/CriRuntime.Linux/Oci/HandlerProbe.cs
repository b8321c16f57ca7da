using System.Security.Cryptography;
using System.Text.Json;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;
using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Linux.Oci;

/// <summary>
/// Probes a handler's OCI runtime with a throw-away container: an empty read-only root, the default namespaces and
/// mounts, a cgroup under <c>/criruntime-probe</c>, and a process that does not exist. <c>create</c> failing on that
/// missing executable means every step before exec worked (namespaces, cgroups, mounts, pivot_root): the runtime can
/// run containers here. Any other failure (crun's "cgroups in hybrid mode not supported") is the reason it cannot.
/// The container, its cgroup and its bundle are deleted whatever happens.
/// </summary>
public sealed class HandlerProbe(DaemonConfig config) : IHandlerProbe
{
    /// <summary>The executable the probe container asks for; it never exists.</summary>
    public const string MissingExecutable = "/criruntime-handler-probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<HandlerProbeResult> ProbeAsync(string handler, string binary, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(config.State, "probe", handler);
        var bundle = Path.Combine(dir, "bundle");
        var id = $"criruntime-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var systemd = config.Runtime.CgroupDriver == CgroupDriver.Systemd;
        var global = OciGlobalFlags.Of(Path.Combine(dir, "root"), systemd);

        try
        {
            Directory.CreateDirectory(Path.Combine(bundle, "rootfs"));
            var spec = SpecOpts.Build(
                SpecOpts.Defaults(),
                SpecOpts.WithRootfs("rootfs", readOnly: true),
                SpecOpts.WithArgs([MissingExecutable]),
                SpecOpts.WithCgroupsPath(systemd ? $"system.slice:criruntime-probe:{id}" : $"/criruntime-probe/{id}"));
            await File.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, OciSpecJsonContext.Default.OciSpec), cancellationToken);
            var created = await CommandRunner.RunAsync(binary, [.. global, "create", "--bundle", bundle, id], Timeout, cancellationToken);
            return created.ExitCode == 0 || created.Error.Contains(MissingExecutable, StringComparison.Ordinal)
                ? HandlerProbeResult.Ok
                : new HandlerProbeResult(false, $"{Path.GetFileName(binary)} create of a probe container failed: {created.Error}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return new HandlerProbeResult(false, $"probing {binary}: {e.Message}");
        }
        finally
        {
            try
            {
                await CommandRunner.RunAsync(binary, [.. global, "delete", "--force", id], Timeout, CancellationToken.None);
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Best effort: the next probe uses a fresh id.
            }
        }
    }
}
