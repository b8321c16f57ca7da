using System.Globalization;
using System.Text.Json;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Events;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.Core.Validation;
using CriRuntime.ShimContract.Arguments;

namespace CriRuntime.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// CreateContainer: reserves the name, holds the image, mounts the root filesystem and writes the bundle, its
    /// spec checked as the OCI runtime's create would (<see cref="CommandLookup"/>). As containerd's, it runs no OCI
    /// runtime: StartContainer launches the shim, which creates the container, then starts it. Every finished step
    /// is undone if a later one fails.
    /// </summary>
    public async Task<string> CreateAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            throw CriException.InvalidArgument("container metadata.name is required");
        }

        if (string.IsNullOrEmpty(request.Image))
        {
            throw CriException.InvalidArgument("container image is required");
        }

        CriRequestValidator.Validate(request);

        var sandboxEntry = _sandboxes.Find(request.SandboxId) ?? throw CriException.NotFound($"sandbox \"{request.SandboxId}\" not found");
        using var timer = Time("create", sandboxEntry.Record.Handler);
        request = request with { Resources = FitResources(request.Resources, request.Name) };

        // Held for the whole create: a concurrent StopPodSandbox or RemovePodSandbox waits for it, then sees the container.
        await sandboxEntry.Lock.WaitAsync(cancellationToken);
        try
        {
            var sandbox = sandboxEntry.Record;
            if (sandboxEntry.Deleted || sandbox.State != SandboxState.Ready)
            {
                throw CriException.FailedPrecondition($"sandbox {sandbox.Id} is not ready");
            }

            return await CreateInSandboxAsync(request, sandbox, cancellationToken);
        }
        finally
        {
            sandboxEntry.Lock.Release();
        }
    }

    private async Task<string> CreateInSandboxAsync(ContainerRequest request, SandboxRecord sandbox, CancellationToken cancellationToken)
    {
        var handler = sandbox.Handler.Length > 0 ? sandbox.Handler : _runtimes.DefaultHandler;
        MountRules.Check(request.Mounts, handler, _features.Get(handler));
        UserNamespaceChecks.Container(request, sandbox);
        if (request.AppArmorProfile is { } profile && !request.Privileged && !_security.AppArmorEnabled)
        {
            throw CriException.InvalidArgument($"apparmor profile \"localhost/{profile}\" is required but AppArmor is not enabled on this host");
        }

        var id = NewId();
        var fullName = string.Join('_', request.Name, sandbox.Name, sandbox.Namespace, sandbox.Uid, request.Attempt.ToString(CultureInfo.InvariantCulture));
        _containers.ReserveName(fullName, id, "container");
        var undo = new UndoStack(e => Log.UndoFailed(_logger, id, e));
        undo.Push(() => _containers.ReleaseName(fullName, id));
        try
        {
            var image = await _images.ResolveAsync(request.Image, cancellationToken)
                ?? throw CriException.NotFound($"image \"{request.Image}\" not found");
            var runtime = _runtimes.Get(sandbox.Handler);
            var pidNamespace = PidNamespaceOf(request, sandbox);

            _images.Hold(id, image.Id);
            undo.Push(() => _images.Release(id));
            var bundle = _paths.Bundle(id);
            var rootfs = _paths.Rootfs(id);
            undo.Push(() => DeleteDirectory(_paths.WritableLayer(id)));
            undo.Push(() => DeleteDirectory(bundle));
            _files.CreateDirectory(_paths.UpperDir(id));
            _files.CreateDirectory(_paths.WorkDir(id));
            _files.CreateDirectory(rootfs);

            MountRootfs(id, image, sandbox, undo);
            BindSources.Prepare(request.Mounts.Where(m => m.Image.Length == 0), undo, _files);
            var volumeMounts = await PrepareImageVolumesAsync(id, request.Mounts, undo, cancellationToken);
            var specMounts = PrepareIdmappedMounts(id, volumeMounts, sandbox, undo);

            var user = UserResolver.Resolve(
                request.User with { ImageUser = image.Config?.User },
                ReadImageFile(rootfs, "etc/passwd"),
                ReadImageFile(rootfs, "etc/group"));
            var args = SpecOpts.MergeCommand(request.Command, request.Args, image.Config?.Entrypoint, image.Config?.Cmd);
            if (args.Count == 0)
            {
                throw CriException.InvalidArgument("no command specified: neither the container config nor the image has one");
            }

            var logPath = request.LogPath.Length > 0 && sandbox.LogDirectory.Length > 0
                ? Path.Combine(sandbox.LogDirectory, request.LogPath)
                : "";
            var cgroupsPath = _cgroups.ContainerPath(sandbox.CgroupParent, id, runtime.SystemdCgroup);
            var devices = request.Devices
                .Select(d => new DeviceRequest(
                    d.ContainerPath,
                    _devices.Resolve(d.HostPath) ?? throw CriException.InvalidArgument($"device \"{d.HostPath}\" is not a device node on the host"),
                    d.Permissions))
                .ToList();
            var spec = SpecOpts.Build([
                .. ContainerSpec(request with { Mounts = specMounts }, sandbox, image, user, args, cgroupsPath, pidNamespace),
                SpecOpts.WithDevices(devices),
                .. CdiSpecOpts(request.CdiDevices),
            ]);
            CommandLookup.Check(rootfs, spec, _files);
            await _files.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, OciSpecJsonContext.Default.OciSpec), cancellationToken);

            var record = new ContainerRecord
            {
                Id = id,
                SandboxId = sandbox.Id,
                FullName = fullName,
                Name = request.Name,
                Attempt = request.Attempt,
                Image = request.Image,
                ImageId = image.Id,
                ImageRef = image.Ref,
                Labels = request.Labels,
                Annotations = request.Annotations,
                State = ContainerState.Created,
                CreatedAt = Clock.NowNanos(_time),
                LogPath = logPath,
                Mounts = [.. request.Mounts.Select((m, i) => m with { ImageRef = volumeMounts[i].ImageRef })],
                Tty = request.Tty,
                Stdin = request.Stdin,
                StdinOnce = request.StdinOnce,
                StopSignal = request.StopSignal.Length > 0 ? request.StopSignal : image.Config?.StopSignal ?? "",
                Handler = sandbox.Handler,
                CgroupsPath = cgroupsPath,
                Resources = request.Resources,
                Args = args,
                User = user,
            };
            PrepareLaunch(record);
            var entry = _containers.Add(record);
            undo.Commit();
            Log.Created(_logger, id, fullName, sandbox.Id);
            Publish(entry.Record, ContainerEventKind.Created);
            return id;
        }
        catch
        {
            await undo.UndoAsync();
            throw;
        }
    }

    private IEnumerable<SpecOpt> ContainerSpec(
        ContainerRequest request, SandboxRecord sandbox, ContainerImage image, ProcessUser user, IReadOnlyList<string> args, string cgroupsPath, string? pidNamespace)
    {
        yield return SpecOpts.Defaults();
        yield return SpecOpts.WithRootfs("rootfs", request.ReadonlyRootfs);
        yield return SpecOpts.WithArgs(args);
        yield return SpecOpts.WithEnv(image.Config?.Env ?? []);
        if (sandbox.NetworkMode != NamespaceMode.Node && sandbox.Hostname.Length > 0)
        {
            yield return SpecOpts.WithEnv([$"HOSTNAME={sandbox.Hostname}"]);
        }

        yield return SpecOpts.WithEnv(request.Env);
        yield return SpecOpts.WithCwd(image.Config?.WorkingDir);
        yield return SpecOpts.WithCwd(request.WorkingDir);
        yield return SpecOpts.WithUser(user);
        yield return SpecOpts.WithTty(request.Tty);
        if (PodUserNamespace(sandbox) is { } userns)
        {
            yield return SpecOpts.WithUserNamespace(PinnedUserNamespace(sandbox), userns.Uids, userns.Gids);
        }

        foreach (var type in new[] { NamespaceTypes.Network, NamespaceTypes.Ipc, NamespaceTypes.Uts })
        {
            yield return sandbox.PinnedNamespaces.TryGetValue(type, out var path)
                ? SpecOpts.WithNamespacePath(type, path)
                : SpecOpts.WithHostNamespace(type);
        }

        yield return pidNamespace switch
        {
            null => SpecOpts.WithNewNamespace(NamespaceTypes.Pid),
            "" => SpecOpts.WithHostNamespace(NamespaceTypes.Pid),
            _ => SpecOpts.WithNamespacePath(NamespaceTypes.Pid, pidNamespace),
        };
        if (sandbox.PinnedNamespaces.ContainsKey(NamespaceTypes.Uts))
        {
            yield return SpecOpts.WithHostname(sandbox.Hostname);
        }

        if (_cgroups.Capabilities.Unified && !request.Privileged)
        {
            // As containerd, Docker and Podman on cgroup v2: the container sees its own cgroup as the root
            // (/proc/self/cgroup reads 0::/), not the node's layout; privileged containers keep the node's view.
            yield return SpecOpts.WithNewNamespace(NamespaceTypes.Cgroup);
        }

        yield return SpecOpts.WithMounts(SandboxMounts(sandbox, request.ReadonlyRootfs));
        yield return SpecOpts.WithMounts(request.Mounts);
        yield return SpecOpts.WithCgroupsPath(cgroupsPath);
        yield return SpecOpts.WithResources(request.Resources, _security.OomScoreAdj);
        yield return SpecOpts.WithSysctls(sandbox.Sysctls);
        if (request.Privileged)
        {
            yield return SpecOpts.WithPrivileged(_security.BoundingCapabilities);
        }
        else
        {
            yield return SpecOpts.WithCapabilities(request.CapAdd, request.CapDrop, _security.BoundingCapabilities);
            yield return SpecOpts.WithMaskedPaths(request.MaskedPaths, request.ReadonlyPaths, emptyMeansNone: PodUserNamespace(sandbox) is not null);
            // Privileged containers run unfiltered whatever profile they name, as kubelet documents.
            yield return SpecOpts.WithSeccomp(request.Seccomp, _files);
            yield return SpecOpts.WithAppArmorProfile(request.AppArmorProfile);
        }

        yield return SpecOpts.WithNoNewPrivileges(request.NoNewPrivileges);
        yield return SpecOpts.WithAnnotations(request.Annotations);
    }

    /// <summary>null: a new PID namespace; empty: the host's; else the path of the namespace to join.</summary>
    private string? PidNamespaceOf(ContainerRequest request, SandboxRecord sandbox)
    {
        var mode = request.PidMode;
        if (sandbox.PidMode == NamespaceMode.Node)
        {
            mode = NamespaceMode.Node;
        }
        else if (sandbox.PidMode == NamespaceMode.Pod && mode == NamespaceMode.Container)
        {
            mode = NamespaceMode.Pod;
        }

        switch (mode)
        {
            case NamespaceMode.Node:
                return "";
            case NamespaceMode.Pod:
                if (sandbox.InfraPid <= 0)
                {
                    throw CriException.FailedPrecondition($"sandbox {sandbox.Id} has no infra process to share its PID namespace");
                }

                return $"/proc/{sandbox.InfraPid}/ns/pid";
            case NamespaceMode.Target:
                var target = _containers.Find(request.PidTargetId)?.Record
                    ?? throw CriException.NotFound($"target container \"{request.PidTargetId}\" not found");
                if (target.State != ContainerState.Running || target.Pid <= 0)
                {
                    throw CriException.FailedPrecondition($"target container {target.Id} is not running");
                }

                return $"/proc/{target.Pid}/ns/pid";
            default:
                return null;
        }
    }

    /// <summary>
    /// The pod's /etc/hosts, /etc/resolv.conf, /etc/hostname and /dev/shm. The three files are shared by every
    /// container of the pod, so a container with a read-only root gets them read-only: its write must neither
    /// succeed nor reach its neighbours (as containerd and CRI-O do).
    /// </summary>
    private IEnumerable<MountRequest> SandboxMounts(SandboxRecord sandbox, bool readOnly)
    {
        foreach (var (file, destination) in new[]
        {
            (_paths.Hosts(sandbox.Id), "/etc/hosts"),
            (_paths.ResolvConf(sandbox.Id), "/etc/resolv.conf"),
            (_paths.HostnameFile(sandbox.Id), "/etc/hostname"),
        })
        {
            if (_files.FileExists(file))
            {
                yield return new MountRequest { ContainerPath = destination, HostPath = file, ReadOnly = readOnly };
            }
        }

        if (sandbox.ShmPath is not null)
        {
            yield return new MountRequest { ContainerPath = "/dev/shm", HostPath = sandbox.ShmPath };
        }
        else if (sandbox.IpcMode == NamespaceMode.Node)
        {
            yield return new MountRequest { ContainerPath = "/dev/shm", HostPath = "/dev/shm" };
        }
    }

    /// <summary>
    /// A file of the image's root filesystem; null when it is missing, empty or not a regular file, or when it or its
    /// directory is a symbolic link (it could point anywhere on the host).
    /// </summary>
    private string? ReadImageFile(string rootfs, string relative)
    {
        var path = Path.Combine(rootfs, relative);
        try
        {
            var info = _files.Inspect(path);
            // Length 0 also turns away FIFOs and device nodes, whose reads could block or never end.
            if (!info.IsFile || info.Length == 0 || info.LinkTarget is not null || _files.Inspect(Path.GetDirectoryName(path)!).LinkTarget is not null || info.Length > 4 * 1024 * 1024)
            {
                return null;
            }

            return _files.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void DeleteDirectory(string path)
    {
        if (_files.DirectoryExists(path))
        {
            _files.DeleteDirectory(path, recursive: true);
        }
    }
}
