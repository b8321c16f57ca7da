using System.Globalization;
using System.Text;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using CriRuntime.Core.Validation;

namespace CriRuntime.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>RunPodSandbox. Every finished step is undone if a later one fails: nothing is left behind.</summary>
    public async Task<string> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            throw CriException.InvalidArgument("sandbox metadata.name is required");
        }

        CriRequestValidator.Validate(request);

        var handler = request.Handler.Length > 0 ? request.Handler : _runtimes.DefaultHandler;
        _ = _runtimes.Get(handler);
        if (_handlers is not null)
        {
            await _handlers.EnsureReadyAsync(handler, cancellationToken);
        }

        var userns = request.UserNamespace is { IsPod: true } u ? u : null;
        if (userns is not null && !_containers.SupportsUserNamespaces(handler))
        {
            // Status reports user_namespaces false for this handler, so kubelet does not ask; other clients get told.
            throw CriException.FailedPrecondition(
                $"namespace_options.userns_options mode POD: runtime handler \"{handler}\" does not support user namespaces here (see user_namespaces in Status)");
        }

        using var timer = Time("run", handler);
        var id = ContainerManager.NewId();
        var fullName = string.Join('_', request.Name, request.Namespace, request.Uid, request.Attempt.ToString(CultureInfo.InvariantCulture));
        _sandboxes.ReserveName(fullName, id, "sandbox");
        var undo = new UndoStack(e => Log.UndoFailed(_logger, id, e));
        undo.Push(() => _sandboxes.ReleaseName(fullName, id));
        try
        {
            var dir = _paths.SandboxDir(id);
            undo.Push(() => DeleteSandboxDirectory(id));
            _files.CreateDirectory(dir);
            var madeCgroup = false;
            undo.Push(() => RemovePodCgroup(request.CgroupParent, madeCgroup));
            madeCgroup = ApplyPodCgroup(handler, request.CgroupParent, request.Resources, request.Overhead);

            var hostNetwork = request.NetworkMode == NamespaceMode.Node;
            // Without a hostname the pod takes the node's, as kubelet and containerd expect; the kernel caps it at 64 bytes.
            var hostname = request.Hostname.Length > 0 ? request.Hostname : Environment.MachineName;
            if (System.Text.Encoding.UTF8.GetByteCount(hostname) > 64)
            {
                throw CriException.InvalidArgument($"hostname \"{hostname}\" is longer than 64 bytes");
            }

            var wantNet = !hostNetwork;
            var wantIpc = request.IpcMode != NamespaceMode.Node;
            IReadOnlyDictionary<string, string> pinned = new Dictionary<string, string>();
            if (userns is null && (wantNet || wantIpc))
            {
                _files.CreateDirectory(_paths.NamespaceDir(id));
                var pins = pinned = await _host.PinNamespacesAsync(_paths.NamespaceDir(id), wantNet, wantIpc, uts: wantNet, wantNet ? hostname : null, cancellationToken);
                undo.Push(() => _host.UnpinNamespaces(pins.Values));
            }

            string? shm = null;
            if (wantIpc)
            {
                shm = _paths.ShmDir(id);
                _files.CreateDirectory(shm);
                undo.Push(() => _host.Unmount(_paths.ShmDir(id)));
                _host.MountShm(shm, ShmSize);
            }

            await WriteFilesAsync(id, request, hostname, hostNetwork, cancellationToken);
            if (userns is not null)
            {
                // The pod's files belong to its root, as they do to the host's root in pods without a user namespace.
                foreach (var path in new[] { shm, _paths.HostnameFile(id), _paths.ResolvConf(id), _paths.Hosts(id) })
                {
                    if (path is not null)
                    {
                        _containers.UserNamespaceHost.Chown(path, userns.RootUid, userns.RootGid);
                    }
                }
            }

            var record = new SandboxRecord
            {
                Id = id,
                FullName = fullName,
                Name = request.Name,
                Uid = request.Uid,
                Namespace = request.Namespace,
                Attempt = request.Attempt,
                Labels = request.Labels,
                Annotations = request.Annotations,
                CreatedAt = Clock.NowNanos(),
                State = SandboxState.Ready,
                Creating = true,
                Handler = handler,
                RequestedHandler = request.Handler,
                LogDirectory = request.LogDirectory,
                Hostname = hostname,
                CgroupParent = request.CgroupParent,
                NetworkMode = request.NetworkMode,
                PidMode = request.PidMode,
                IpcMode = request.IpcMode,
                Sysctls = request.Sysctls,
                Privileged = request.Privileged,
                Overhead = request.Overhead,
                Resources = request.Resources,
                PodCgroupCreated = madeCgroup,
                PinnedNamespaces = pinned,
                UserNamespace = request.UserNamespace,
                ShmPath = shm,
                PortMappings = request.PortMappings,
                Dns = request.DnsServers.Count + request.DnsSearches.Count + request.DnsOptions.Count > 0
                    ? new PodDnsConfig(request.DnsServers, request.DnsSearches, request.DnsOptions)
                    : null,
            };
            var entry = _sandboxes.Add(record);
            undo.Push(() => _sandboxes.Delete(entry));
            if (userns is not null)
            {
                pinned = await RunUserNamespaceInfraAsync(entry, undo, cancellationToken);
            }

            if (pinned.TryGetValue(NamespaceTypes.Network, out var netns))
            {
                undo.Push(() => _network.TearDownAsync(NetworkRequest(entry.Record, netns), CancellationToken.None));
                var network = await _network.SetUpAsync(NetworkRequest(record, netns), cancellationToken);
                _sandboxes.Update(entry, r => r with { Ip = network.Ip, AdditionalIps = network.AdditionalIps });
            }

            if (request.PidMode == NamespaceMode.Pod && userns is null)
            {
                await StartInfraAsync(entry, undo, cancellationToken);
            }

            _sandboxes.Update(entry, r => r with { Creating = false });
            undo.Commit();
            Log.Ran(_logger, id, fullName, handler);
            return id;
        }
        catch
        {
            await undo.UndoAsync();
            throw;
        }
    }

    /// <summary>
    /// A pod in a user namespace: the infra container creates the user namespace (the OCI runtime writes its id
    /// maps) and the network, IPC and UTS namespaces it owns, which are then pinned from the infra's PID.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> RunUserNamespaceInfraAsync(
        StoreEntry<SandboxRecord> entry, UndoStack undo, CancellationToken cancellationToken)
    {
        var infraPid = await StartInfraAsync(entry, undo, cancellationToken);
        var nsDir = _paths.NamespaceDir(entry.Record.Id);
        undo.Push(() => _host.UnpinNamespaces(PinnedNamespaceFiles(nsDir)));
        var pins = _containers.UserNamespaceHost.PinFromProcess(
            nsDir, infraPid, [NamespaceTypes.User, NamespaceTypes.Network, NamespaceTypes.Ipc, NamespaceTypes.Uts]);
        _sandboxes.Update(entry, r => r with { PinnedNamespaces = pins });
        return pins;
    }

    /// <summary>Runs the pod's infra container (removed again on undo) and records it; returns its PID.</summary>
    private async Task<int> StartInfraAsync(StoreEntry<SandboxRecord> entry, UndoStack undo, CancellationToken cancellationToken)
    {
        var id = entry.Record.Id;
        undo.Push(() => _containers.RemoveAllAsync(id, CancellationToken.None));
        var (infraId, infraPid) = await _containers.RunInfraAsync(entry.Record, cancellationToken);
        _sandboxes.Update(entry, r => r with { InfraContainerId = infraId, InfraPid = infraPid });
        return infraPid;
    }

    private async Task WriteFilesAsync(string id, SandboxRequest request, string hostname, bool hostNetwork, CancellationToken cancellationToken)
    {
        await _files.WriteAllTextAsync(_paths.HostnameFile(id), hostname + "\n", cancellationToken);
        await _files.WriteAllTextAsync(_paths.ResolvConf(id), ResolvConf(request) ?? await _host.ReadNodeFileAsync("/etc/resolv.conf", cancellationToken), cancellationToken);
        var hosts = hostNetwork
            ? await _host.ReadNodeFileAsync("/etc/hosts", cancellationToken)
            : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
        await _files.WriteAllTextAsync(_paths.Hosts(id), hosts, cancellationToken);
    }

    /// <summary>resolv.conf from the DNS config kubelet computed; null when it gave none (then the host's is used).</summary>
    public static string? ResolvConf(SandboxRequest request)
    {
        if (request.DnsServers.Count == 0 && request.DnsSearches.Count == 0 && request.DnsOptions.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        if (request.DnsSearches.Count > 0)
        {
            text.Append("search ").AppendJoin(' ', request.DnsSearches).Append('\n');
        }

        foreach (var server in request.DnsServers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }

        if (request.DnsOptions.Count > 0)
        {
            text.Append("options ").AppendJoin(' ', request.DnsOptions).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The files of a namespace pin directory (none when it is missing).</summary>
    private string[] PinnedNamespaceFiles(string nsDir) => _files.DirectoryExists(nsDir) ? [.. _files.EnumerateFiles(nsDir)] : [];

    /// <summary>Deletes the sandbox directory unless something is still mounted in it (then deleting would reach into the mount).</summary>
    private void DeleteSandboxDirectory(string id)
    {
        var dir = _paths.SandboxDir(id);
        if (!_files.DirectoryExists(dir))
        {
            return;
        }

        if (_host.IsMounted(_paths.ShmDir(id)))
        {
            throw new IOException($"{_paths.ShmDir(id)} is still mounted");
        }

        var nsDir = _paths.NamespaceDir(id);
        if (_files.DirectoryExists(nsDir) && _files.EnumerateFiles(nsDir).Any(_host.IsMounted))
        {
            throw new IOException($"a namespace is still pinned under {nsDir}");
        }

        _files.DeleteDirectory(dir, recursive: true);
    }
}
