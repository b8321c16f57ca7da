namespace CriRuntime.Core.Spec;

/// <summary>
/// The spec options, each a small pure function. A container's spec is <see cref="Build"/>(<see cref="Defaults"/>,
/// then options in order): later options win.
/// </summary>
public static class SpecOpts
{
    /// <summary>The capabilities a container gets unless its security context changes them (Docker's default set).</summary>
    public static readonly IReadOnlyList<string> DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Every capability the kernel knows as of Linux 6.x, for privileged containers.</summary>
    public static readonly IReadOnlyList<string> AllCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    public static readonly IReadOnlyList<string> DefaultMaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    public static readonly IReadOnlyList<string> DefaultReadonlyPaths =
    [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ];

    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static OciSpec Build(params IEnumerable<SpecOpt> options)
    {
        var spec = new OciSpec();
        foreach (var option in options)
        {
            option(spec);
        }

        return spec;
    }

    /// <summary>A container of its own: new namespaces, the standard file systems, default capabilities, deny-all devices.</summary>
    public static SpecOpt Defaults() => spec =>
    {
        spec.Process = new OciProcess
        {
            Env = [DefaultPath],
            Cwd = "/",
            Capabilities = Caps(DefaultCapabilities),
        };
        spec.Root = new OciRoot { Path = "rootfs" };
        spec.Mounts =
        [
            new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
            new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] },
        ];
        spec.Linux = new OciLinux
        {
            Namespaces =
            [
                new() { Type = NamespaceTypes.Pid },
                new() { Type = NamespaceTypes.Ipc },
                new() { Type = NamespaceTypes.Uts },
                new() { Type = NamespaceTypes.Mount },
                new() { Type = NamespaceTypes.Network },
            ],
            Resources = new OciResources { Devices = [new OciDeviceRule { Allow = false, Access = "rwm" }] },
            MaskedPaths = [.. DefaultMaskedPaths],
            ReadonlyPaths = [.. DefaultReadonlyPaths],
        };
    };

    public static SpecOpt WithRootfs(string path, bool readOnly = false) => spec => spec.Root = new OciRoot { Path = path, Readonly = readOnly };

    public static SpecOpt WithArgs(IReadOnlyList<string> args) => spec => spec.Process.Args = [.. args];

    /// <summary>Sets variables in order; a later <c>NAME=</c> replaces an earlier one of the same name.</summary>
    public static SpecOpt WithEnv(IEnumerable<string> variables) => spec => spec.Process.Env = MergeEnv(spec.Process.Env, variables);

    public static SpecOpt WithCwd(string? cwd) => spec =>
    {
        if (!string.IsNullOrEmpty(cwd))
        {
            spec.Process.Cwd = cwd;
        }
    };

    public static SpecOpt WithUser(ProcessUser user) => spec =>
    {
        spec.Process.User = new OciUser
        {
            Uid = user.Uid,
            Gid = user.Gid,
            AdditionalGids = user.AdditionalGids.Count == 0 ? null : [.. user.AdditionalGids.Distinct()],
        };
    };

    public static SpecOpt WithTty(bool tty) => spec => spec.Process.Terminal = tty;

    public static SpecOpt WithHostname(string? hostname) => spec => spec.Hostname = string.IsNullOrEmpty(hostname) ? null : hostname;

    /// <summary>Joins an existing namespace by path.</summary>
    public static SpecOpt WithNamespacePath(string type, string path) => spec =>
    {
        spec.Linux.Namespaces.RemoveAll(n => n.Type == type);
        spec.Linux.Namespaces.Add(new OciNamespace { Type = type, Path = path });
    };

    /// <summary>A new namespace of that type.</summary>
    public static SpecOpt WithNewNamespace(string type) => spec =>
    {
        spec.Linux.Namespaces.RemoveAll(n => n.Type == type);
        spec.Linux.Namespaces.Add(new OciNamespace { Type = type });
    };

    /// <summary>
    /// The user namespace at <paramref name="path"/> (a new one when null) with its id maps. The maps are given even
    /// when the namespace is joined: runc 1.1 finds the container's root on the host through them.
    /// </summary>
    public static SpecOpt WithUserNamespace(string? path, IReadOnlyList<IdMapping> uids, IReadOnlyList<IdMapping> gids) => spec =>
    {
        spec.Linux.Namespaces.RemoveAll(n => n.Type == NamespaceTypes.User);
        spec.Linux.Namespaces.Add(new OciNamespace { Type = NamespaceTypes.User, Path = path });
        spec.Linux.UidMappings = ToOci(uids);
        spec.Linux.GidMappings = ToOci(gids);
    };

    private static List<OciIdMapping> ToOci(IReadOnlyList<IdMapping> mappings) =>
        [.. mappings.Select(m => new OciIdMapping { ContainerId = m.ContainerId, HostId = m.HostId, Size = m.Length })];

    /// <summary>The host's namespace of that type: no entry at all.</summary>
    public static SpecOpt WithHostNamespace(string type) => spec => spec.Linux.Namespaces.RemoveAll(n => n.Type == type);

    /// <summary>
    /// Adds bind mounts. A mount replaces a default one at the same destination; propagation sets the rootfs
    /// propagation the way the kernel needs it (a shared or slave mount needs a shared or slave parent). A recursive
    /// read-only mount gets <c>rro</c> (validated before: <see cref="MountRules"/>).
    /// </summary>
    public static SpecOpt WithMounts(IEnumerable<MountRequest> mounts) => spec =>
    {
        foreach (var mount in mounts)
        {
            var destination = NormalizeDestination(mount.ContainerPath);
            spec.Mounts.RemoveAll(m => m.Destination == destination);
            var options = new List<string> { "rbind", mount.ReadOnly ? "ro" : "rw" };
            if (mount.RecursiveReadOnly)
            {
                // "ro" alone leaves submounts writable; the runtime applies "rro" with mount_setattr(AT_RECURSIVE).
                options.Add("rro");
            }

            switch (mount.Propagation)
            {
                case MountPropagation.Bidirectional:
                    options.Add("rshared");
                    spec.Linux.RootfsPropagation = "rshared";
                    break;
                case MountPropagation.HostToContainer:
                    options.Add("rslave");
                    if (spec.Linux.RootfsPropagation is not "rshared")
                    {
                        spec.Linux.RootfsPropagation = "rslave";
                    }

                    break;
                default:
                    options.Add("rprivate");
                    break;
            }

            spec.Mounts.Add(new OciMount { Destination = destination, Type = "bind", Source = mount.HostPath, Options = options });
        }
    };

    /// <summary>
    /// cgroup limits and the OOM score. <paramref name="minOomScoreAdj"/> is the lowest value the daemon may set
    /// (its own: an unprivileged-in-practice root may not lower it); requests below are raised to it.
    /// </summary>
    public static SpecOpt WithResources(ResourceLimits? limits, int minOomScoreAdj = -1000) => spec =>
    {
        if (limits is null)
        {
            return;
        }

        var resources = spec.Linux.Resources ??= new OciResources();
        if (limits.MemoryLimitInBytes > 0)
        {
            resources.Memory = new OciMemory
            {
                Limit = limits.MemoryLimitInBytes,
                Swap = limits.MemorySwapLimitInBytes > 0 ? limits.MemorySwapLimitInBytes : null,
            };
        }

        if (limits.CpuShares > 0 || limits.CpuQuota != 0 || limits.CpuPeriod > 0 || limits.CpusetCpus.Length > 0 || limits.CpusetMems.Length > 0)
        {
            resources.Cpu = new OciCpu
            {
                Shares = limits.CpuShares > 0 ? (ulong)limits.CpuShares : null,
                Quota = limits.CpuQuota != 0 ? limits.CpuQuota : null,
                Period = limits.CpuPeriod > 0 ? (ulong)limits.CpuPeriod : null,
                Cpus = limits.CpusetCpus.Length > 0 ? limits.CpusetCpus : null,
                Mems = limits.CpusetMems.Length > 0 ? limits.CpusetMems : null,
            };
        }

        if (limits.HugepageLimits.Count > 0)
        {
            resources.HugepageLimits = [.. limits.HugepageLimits.Select(h => new OciHugepageLimit { PageSize = h.Key, Limit = h.Value })];
        }

        if (limits.Unified.Count > 0)
        {
            resources.Unified = new Dictionary<string, string>(limits.Unified, StringComparer.Ordinal);
        }

        spec.Process.OomScoreAdj = ClampOomScoreAdj(limits.OomScoreAdj, minOomScoreAdj);
    };

    public static int ClampOomScoreAdj(long requested, int minimum)
    {
        var value = (int)Math.Clamp(requested, -1000, 1000);
        return Math.Max(value, Math.Clamp(minimum, -1000, 1000));
    }

    public static SpecOpt WithCgroupsPath(string path) => spec => spec.Linux.CgroupsPath = path;

    public static SpecOpt WithSysctls(IReadOnlyDictionary<string, string>? sysctls) => spec =>
    {
        if (sysctls is { Count: > 0 })
        {
            var target = spec.Linux.Sysctl ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in sysctls)
            {
                target[key] = value;
            }
        }
    };

    public static SpecOpt WithAnnotations(IReadOnlyDictionary<string, string>? annotations) => spec =>
    {
        if (annotations is { Count: > 0 })
        {
            var target = spec.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in annotations)
            {
                target[key] = value;
            }
        }
    };

    /// <summary>
    /// The seccomp filter, from the capabilities in force when applied (so place it after them); a localhost profile
    /// is read through <paramref name="files"/>.
    /// </summary>
    public static SpecOpt WithSeccomp(SeccompRequest? request, Stores.IHostFiles files) => spec =>
    {
        spec.Linux.Seccomp = SeccompProfiles.Resolve(request, spec.Process.Capabilities?.Bounding ?? [], files);
    };

    /// <summary>Confines the process with an AppArmor profile loaded on the host (null: none).</summary>
    public static SpecOpt WithAppArmorProfile(string? profile) => spec => spec.Process.ApparmorProfile = profile;

    /// <summary>Adds and drops capabilities (<c>ALL</c> allowed in both; names with or without <c>CAP_</c>).</summary>
    public static SpecOpt WithCapabilities(IEnumerable<string> add, IEnumerable<string> drop, IReadOnlyList<string>? all = null) => spec =>
    {
        var set = new List<string>(spec.Process.Capabilities?.Bounding ?? [.. DefaultCapabilities]);
        foreach (var name in drop.Select(NormalizeCapability))
        {
            if (name == "CAP_ALL")
            {
                set.Clear();
            }
            else
            {
                set.Remove(name);
            }
        }

        foreach (var name in add.Select(NormalizeCapability))
        {
            if (name == "CAP_ALL")
            {
                set = [.. all ?? AllCapabilities];
            }
            else if (!set.Contains(name, StringComparer.Ordinal))
            {
                set.Add(name);
            }
        }

        spec.Process.Capabilities = Caps(set);
    };

    /// <summary>Everything a privileged container gets: all capabilities, writable /sys and cgroups, no masked paths, all devices.</summary>
    /// <param name="all">The capabilities the daemon holds (its bounding set); the kernel refuses any other.</param>
    public static SpecOpt WithPrivileged(IReadOnlyList<string>? all = null) => spec =>
    {
        spec.Process.Capabilities = Caps(all ?? AllCapabilities);
        spec.Linux.MaskedPaths = null;
        spec.Linux.ReadonlyPaths = null;
        foreach (var mount in spec.Mounts.Where(m => m.Destination is "/sys" or "/sys/fs/cgroup"))
        {
            mount.Options = [.. (mount.Options ?? []).Where(o => o != "ro"), "rw"];
        }

        var resources = spec.Linux.Resources ??= new OciResources();
        resources.Devices = [new OciDeviceRule { Allow = true, Access = "rwm" }];
    };

    /// <summary>Creates the device nodes in the container and allows them in the devices cgroup.</summary>
    public static SpecOpt WithDevices(IEnumerable<DeviceRequest> devices) => spec =>
    {
        foreach (var device in devices)
        {
            var list = spec.Linux.Devices ??= [];
            list.RemoveAll(d => d.Path == device.ContainerPath);
            list.Add(new OciDevice
            {
                Path = device.ContainerPath,
                Type = device.Node.Type.ToString(),
                Major = device.Node.Major,
                Minor = device.Node.Minor,
                FileMode = device.Node.FileMode,
                Uid = device.Node.Uid,
                Gid = device.Node.Gid,
            });
            var resources = spec.Linux.Resources ??= new OciResources();
            (resources.Devices ??= []).Add(new OciDeviceRule
            {
                Allow = true,
                Type = device.Node.Type.ToString(),
                Major = device.Node.Major,
                Minor = device.Node.Minor,
                Access = string.IsNullOrEmpty(device.Permissions) ? "rwm" : device.Permissions,
            });
        }
    };

    /// <summary>Mounts as given (CDI <c>mounts</c>), each replacing one at the same destination.</summary>
    public static SpecOpt WithOciMounts(IEnumerable<OciMount> mounts) => spec =>
    {
        foreach (var mount in mounts)
        {
            spec.Mounts.RemoveAll(m => m.Destination == mount.Destination);
            spec.Mounts.Add(mount);
        }
    };

    /// <summary>Hooks added to the lifecycle point each names (<c>prestart</c>, <c>createRuntime</c>, ..., <c>poststop</c>).</summary>
    public static SpecOpt WithHooks(IEnumerable<(string Point, OciHook Hook)> hooks) => spec =>
    {
        foreach (var (point, hook) in hooks)
        {
            var all = spec.Hooks ??= new OciHooks();
            var list = point switch
            {
                "prestart" => all.Prestart ??= [],
                "createRuntime" => all.CreateRuntime ??= [],
                "createContainer" => all.CreateContainer ??= [],
                "startContainer" => all.StartContainer ??= [],
                "poststart" => all.Poststart ??= [],
                "poststop" => all.Poststop ??= [],
                _ => throw new ArgumentException($"\"{point}\" is not an OCI hook", nameof(hooks)),
            };
            list.Add(hook);
        }
    };

    /// <summary>Groups added to the process's supplementary groups (CDI <c>additionalGIDs</c>).</summary>
    public static SpecOpt WithAdditionalGids(IEnumerable<uint> gids) => spec =>
    {
        var list = spec.Process.User.AdditionalGids ??= [];
        list.AddRange(gids.Where(g => !list.Contains(g)));
    };

    public static SpecOpt WithReadonlyRootfs(bool readOnly) => spec => spec.Root.Readonly = readOnly;

    public static SpecOpt WithNoNewPrivileges(bool value) => spec => spec.Process.NoNewPrivileges = value;

    /// <summary>Replaces the masked and read-only paths (null keeps the defaults, empty clears them).</summary>
    /// <summary>
    /// CRI <c>masked_paths</c> and <c>readonly_paths</c>: a list replaces the default one. kubelet sends the defaults
    /// for <c>procMount: Default</c> and two empty lists for <c>Unmasked</c>, but protobuf cannot tell an empty list
    /// from none, which is what every other client (crictl, critest) sends. So an empty list means "none" only when
    /// <paramref name="emptyMeansNone"/>: for a pod in its own user namespace, the only place the API server lets
    /// <c>Unmasked</c> through (KEP-4265 requires <c>hostUsers: false</c>); elsewhere it keeps the defaults.
    /// </summary>
    public static SpecOpt WithMaskedPaths(IReadOnlyList<string>? masked, IReadOnlyList<string>? readOnly, bool emptyMeansNone = false) => spec =>
    {
        if (masked is not null && (masked.Count > 0 || emptyMeansNone))
        {
            spec.Linux.MaskedPaths = [.. masked];
        }

        if (readOnly is not null && (readOnly.Count > 0 || emptyMeansNone))
        {
            spec.Linux.ReadonlyPaths = [.. readOnly];
        }
    };

    /// <summary>The names of the capabilities set in a mask (as <c>CapBnd</c> in /proc/PID/status shows it, in hex).</summary>
    public static IReadOnlyList<string> CapabilitiesFromMask(ulong mask) =>
        [.. AllCapabilities.Where((_, bit) => (mask & (1UL << bit)) != 0)];

    public static List<string> MergeEnv(IEnumerable<string> existing, IEnumerable<string> added)
    {
        var result = new List<string>(existing);
        foreach (var variable in added)
        {
            var name = variable.Split('=', 2)[0];
            var index = result.FindIndex(v => v.Split('=', 2)[0] == name);
            if (index >= 0)
            {
                result[index] = variable;
            }
            else
            {
                result.Add(variable);
            }
        }

        return result;
    }

    /// <summary>
    /// The process args as kubelet expects them (Docker semantics): the config's command replaces the image's
    /// entrypoint and then its cmd is not used; without a command, the config's args replace the image's cmd.
    /// </summary>
    public static IReadOnlyList<string> MergeCommand(
        IReadOnlyList<string> command, IReadOnlyList<string> args, IReadOnlyList<string>? imageEntrypoint, IReadOnlyList<string>? imageCmd)
    {
        IReadOnlyList<string> cmd = command;
        IReadOnlyList<string> arguments = args;
        if (cmd.Count == 0)
        {
            if (arguments.Count == 0)
            {
                arguments = imageCmd ?? [];
            }

            cmd = imageEntrypoint ?? [];
        }

        return [.. cmd, .. arguments];
    }

    private static OciCapabilities Caps(IEnumerable<string> set)
    {
        var list = set.ToList();
        return new OciCapabilities { Bounding = [.. list], Effective = [.. list], Permitted = [.. list] };
    }

    private static string NormalizeCapability(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }

    private static string NormalizeDestination(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return trimmed.StartsWith('/') ? trimmed : "/" + trimmed;
    }
}
