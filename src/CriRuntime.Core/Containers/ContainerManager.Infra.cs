using System.Text.Json;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    private const string InfraShimPath = "/criruntime-shim";

    /// <summary>
    /// The infra process of a pod that shares one PID namespace or has a user namespace: <c>criruntime-shim pause</c>
    /// as the init of a tiny container (the shim and the host's libraries bind-mounted read-only), created and
    /// started. In a pod's user namespace it creates that namespace (with the pod's id maps) and, owned by it, the
    /// pod's network, IPC and UTS namespaces, which the sandbox then pins from its PID. Returns its id and PID.
    /// </summary>
    internal async Task<(string Id, int Pid)> RunInfraAsync(SandboxRecord sandbox, CancellationToken cancellationToken)
    {
        var id = NewId();
        var runtime = _runtimes.Get(sandbox.Handler);
        var fullName = "infra_" + sandbox.Id;
        _containers.ReserveName(fullName, id, "infra");
        var undo = new UndoStack(e => Log.UndoFailed(_logger, id, e));
        undo.Push(() => _containers.ReleaseName(fullName, id));
        try
        {
            var bundle = _paths.Bundle(id);
            undo.Push(() => DeleteDirectory(bundle));
            _files.CreateDirectory(_paths.Rootfs(id));
            var userns = PodUserNamespace(sandbox);
            if (userns is not null)
            {
                // The OCI runtime makes the mount points inside the root as the container's root.
                UserNamespaceHost.Chown(_paths.Rootfs(id), userns.RootUid, userns.RootGid);
            }

            var cgroupsPath = _cgroups.ContainerPath(sandbox.CgroupParent, id, runtime.SystemdCgroup);
            var mounts = new List<MountRequest> { new() { ContainerPath = InfraShimPath, HostPath = _paths.ShimBinary, ReadOnly = true } };
            foreach (var dir in new[] { "/lib", "/lib64", "/usr/lib", "/usr/lib64" })
            {
                if (_files.DirectoryExists(dir) && _files.Inspect(dir).LinkTarget is null)
                {
                    mounts.Add(new MountRequest { ContainerPath = dir, HostPath = dir, ReadOnly = true });
                }
                else if (_files.Inspect(dir).LinkTarget is { } target)
                {
                    _files.CreateSymbolicLink(Path.Combine(_paths.Rootfs(id), dir.TrimStart('/')), target);
                }
            }

            var options = new List<SpecOpt>
            {
                SpecOpts.Defaults(),
                SpecOpts.WithRootfs("rootfs"),
                SpecOpts.WithArgs([InfraShimPath, "pause"]),
                SpecOpts.WithCapabilities([], ["ALL"]),
                SpecOpts.WithNoNewPrivileges(true),
                SpecOpts.WithMounts(mounts),
                SpecOpts.WithCgroupsPath(cgroupsPath),
                SpecOpts.WithResources(new ResourceLimits { OomScoreAdj = -998 }, _security.OomScoreAdj),
                SpecOpts.WithNewNamespace(NamespaceTypes.Pid),
            };
            if (userns is not null)
            {
                options.Add(SpecOpts.WithUserNamespace(null, userns.Uids, userns.Gids));
                options.AddRange([.. new[] { NamespaceTypes.Network, NamespaceTypes.Ipc, NamespaceTypes.Uts }.Select(SpecOpts.WithNewNamespace)]);
                options.Add(SpecOpts.WithHostname(sandbox.Hostname));
            }
            else
            {
                foreach (var type in new[] { NamespaceTypes.Network, NamespaceTypes.Ipc, NamespaceTypes.Uts })
                {
                    options.Add(sandbox.PinnedNamespaces.TryGetValue(type, out var path) ? SpecOpts.WithNamespacePath(type, path) : SpecOpts.WithHostNamespace(type));
                }
            }

            var spec = SpecOpts.Build(options);
            await _files.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, OciSpecJsonContext.Default.OciSpec), cancellationToken);
            var entry = _containers.Add(new ContainerRecord
            {
                Id = id,
                SandboxId = sandbox.Id,
                FullName = fullName,
                Name = "infra",
                Handler = sandbox.Handler,
                CgroupsPath = cgroupsPath,
                State = ContainerState.Created,
                CreatedAt = Clock.NowNanos(_time),
                Args = spec.Process.Args,
                IsInfra = true,
            });
            undo.Push(() => _containers.Delete(entry));
            PrepareLaunch(entry.Record);
            var pid = await LaunchAsync(entry, runtime, undo, cancellationToken);
            _containers.Update(entry, r => r with { Pid = pid });
            await runtime.StartAsync(id, cancellationToken);
            _containers.Update(entry, r => r with { State = ContainerState.Running, StartedAt = Clock.NowNanos(_time) });
            undo.Commit();
            return (id, entry.Record.Pid);
        }
        catch
        {
            await undo.UndoAsync();
            throw;
        }
    }

    /// <summary>Stops and removes every container of a sandbox, infra last, and waits until their removals are finished.</summary>
    internal async Task RemoveAllAsync(string sandboxId, CancellationToken cancellationToken)
    {
        foreach (var entry in OfSandbox(sandboxId).OrderBy(e => e.Record.IsInfra))
        {
            await entry.Lock.WaitAsync(cancellationToken);
            try
            {
                if (!entry.Deleted)
                {
                    await RemoveLockedAsync(entry, cancellationToken);
                }
            }
            finally
            {
                entry.Lock.Release();
            }
        }

        // The pod's cgroup can go only once the containers' cgroups are gone.
        await RemovalsOf(sandboxId);
    }

    /// <summary>Kills every container of a sandbox, infra last.</summary>
    internal async Task StopAllAsync(string sandboxId, CancellationToken cancellationToken)
    {
        foreach (var entry in OfSandbox(sandboxId).OrderBy(e => e.Record.IsInfra))
        {
            await entry.Lock.WaitAsync(cancellationToken);
            try
            {
                if (!entry.Deleted)
                {
                    await StopLockedAsync(entry, TimeSpan.Zero, cancellationToken);
                }
            }
            finally
            {
                entry.Lock.Release();
            }
        }
    }
}
