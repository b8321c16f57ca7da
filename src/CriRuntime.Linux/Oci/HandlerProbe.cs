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

    /// <summary>A range no account uses, for the user namespace probe's container (which runs nothing).</summary>
    private static readonly IdMapping ProbeMapping = new(0, 1_000_000_000, 65536);

    public Task<HandlerProbeResult> ProbeAsync(string handler, string binary, CancellationToken cancellationToken) =>
        CreateProbeAsync(handler, binary, [], cancellationToken);

    /// <summary>
    /// Whether the runtime creates a container in a user namespace of its own (id maps written, root filesystem
    /// pivoted into): for runtimes without a <c>features</c> document to say so (crun before 1.9).
    /// </summary>
    public async Task<bool> CreatesUserNamespaceAsync(string handler, string binary, CancellationToken cancellationToken) =>
        (await CreateProbeAsync(handler, binary, [SpecOpts.WithUserNamespace(null, [ProbeMapping], [ProbeMapping])], cancellationToken)).Ready;

    private async Task<HandlerProbeResult> CreateProbeAsync(string handler, string binary, SpecOpt[] more, CancellationToken cancellationToken)
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
            [
                SpecOpts.Defaults(),
                SpecOpts.WithRootfs("rootfs", readOnly: true),
                SpecOpts.WithArgs([MissingExecutable]),
                SpecOpts.WithCgroupsPath(systemd ? $"system.slice:criruntime-probe:{id}" : $"/criruntime-probe/{id}"),
                .. more,
            ]);
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
