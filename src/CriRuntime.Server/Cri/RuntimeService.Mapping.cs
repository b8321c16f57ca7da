using CriRuntime.Core.Containers;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;
using Runtime.V1;
using CoreContainerState = CriRuntime.Core.Containers.ContainerState;
using CoreMountPropagation = CriRuntime.Core.Spec.MountPropagation;
using CoreNamespaceMode = CriRuntime.Core.Stores.NamespaceMode;
using CorePortMapping = CriRuntime.Core.Networking.PortMapping;

namespace CriRuntime.Server.Cri;

/// <summary>Translation between CRI messages and the sandbox and container domain.</summary>
internal sealed partial class RuntimeService
{
    private static SandboxRequest ToSandboxRequest(PodSandboxConfig config, string handler)
    {
        var linux = config.Linux;
        var security = linux?.SecurityContext;
        var ns = security?.NamespaceOptions;
        return new SandboxRequest
        {
            Name = config.Metadata?.Name ?? "",
            Uid = config.Metadata?.Uid ?? "",
            Namespace = config.Metadata?.Namespace ?? "",
            Attempt = config.Metadata?.Attempt ?? 0,
            Hostname = config.Hostname,
            LogDirectory = config.LogDirectory,
            DnsServers = [.. config.DnsConfig?.Servers ?? []],
            DnsSearches = [.. config.DnsConfig?.Searches ?? []],
            DnsOptions = [.. config.DnsConfig?.Options ?? []],
            PortMappings = [.. config.PortMappings.Select(p => new CorePortMapping(p.ContainerPort, p.HostPort, (PortProtocol)(int)p.Protocol, p.HostIp))],
            Labels = Copy(config.Labels),
            Annotations = Copy(config.Annotations),
            CgroupParent = linux?.CgroupParent ?? "",
            Sysctls = Copy(linux?.Sysctls),
            NetworkMode = ToMode(ns?.Network ?? Runtime.V1.NamespaceMode.Pod),
            PidMode = ToMode(ns?.Pid ?? Runtime.V1.NamespaceMode.Container),
            IpcMode = ToMode(ns?.Ipc ?? Runtime.V1.NamespaceMode.Pod),
            Handler = handler,
            Privileged = security?.Privileged ?? false,
            UserNamespace = ToUserNamespace(ns?.UsernsOptions),
            Overhead = ToLimits(linux?.Overhead),
            Resources = ToLimits(linux?.Resources),
        };
    }

    private static ContainerRequest ToContainerRequest(string sandboxId, ContainerConfig config)
    {
        var security = config.Linux?.SecurityContext;
        return new ContainerRequest
        {
            SandboxId = sandboxId,
            Name = config.Metadata?.Name ?? "",
            Attempt = config.Metadata?.Attempt ?? 0,
            Image = config.Image?.Image ?? "",
            Command = [.. config.Command],
            Args = [.. config.Args],
            WorkingDir = config.WorkingDir,
            Env = [.. config.Envs.Select(e => $"{e.Key}={e.Value}")],
            Mounts = [.. config.Mounts.Select(m => new MountRequest
            {
                ContainerPath = m.ContainerPath,
                HostPath = m.HostPath,
                ReadOnly = m.Readonly,
                RecursiveReadOnly = m.RecursiveReadOnly,
                SelinuxRelabel = m.SelinuxRelabel,
                Propagation = (CoreMountPropagation)(int)m.Propagation,
                UidMappings = ToIdMappings(m.UidMappings),
                GidMappings = ToIdMappings(m.GidMappings),
                Image = m.Image is { } image ? (image.Image.Length > 0 ? image.Image : image.ImageRef) : "",
                ImageSubPath = m.ImageSubPath,
            })],
            Labels = Copy(config.Labels),
            Annotations = Copy(config.Annotations),
            LogPath = config.LogPath,
            Stdin = config.Stdin,
            StdinOnce = config.StdinOnce,
            Tty = config.Tty,
            Resources = ToLimits(config.Linux?.Resources),
            User = new UserRequest
            {
                RunAsUser = security?.RunAsUser?.Value,
                RunAsUsername = security?.RunAsUsername ?? "",
                RunAsGroup = security?.RunAsGroup?.Value,
                SupplementalGroups = [.. security?.SupplementalGroups ?? []],
                SupplementalGroupsPolicy = security?.SupplementalGroupsPolicy == Runtime.V1.SupplementalGroupsPolicy.Strict
                    ? Core.Spec.SupplementalGroupsPolicy.Strict
                    : Core.Spec.SupplementalGroupsPolicy.Merge,
            },
            Privileged = security?.Privileged ?? false,
            ReadonlyRootfs = security?.ReadonlyRootfs ?? false,
            NoNewPrivileges = security?.NoNewPrivs ?? false,
            CapAdd = [.. security?.Capabilities?.AddCapabilities ?? []],
            CapDrop = [.. security?.Capabilities?.DropCapabilities ?? []],
            Seccomp = ToSeccomp(security?.Seccomp),
            AppArmorProfile = security?.Apparmor is { ProfileType: SecurityProfile.Types.ProfileType.Localhost, LocalhostRef.Length: > 0 } apparmor ? apparmor.LocalhostRef : null,
            PidMode = ToMode(security?.NamespaceOptions?.Pid ?? Runtime.V1.NamespaceMode.Container),
            PidTargetId = security?.NamespaceOptions?.TargetId ?? "",
            UserNamespace = ToUserNamespace(security?.NamespaceOptions?.UsernsOptions),
            MaskedPaths = security is null ? null : [.. security.MaskedPaths],
            ReadonlyPaths = security is null ? null : [.. security.ReadonlyPaths],
            StopSignal = SignalName(config.StopSignal),
            Devices = [.. config.Devices.Select(d => (d.ContainerPath, d.HostPath, d.Permissions))],
            CdiDevices = [.. config.CDIDevices.Select(d => d.Name)],
        };
    }

    /// <summary>kubelet sends the profile field (the path field is deprecated); unset means unconfined.</summary>
    private static Core.Spec.SeccompRequest? ToSeccomp(SecurityProfile? profile) => profile?.ProfileType switch
    {
        SecurityProfile.Types.ProfileType.RuntimeDefault => new(Core.Spec.SeccompKind.RuntimeDefault),
        SecurityProfile.Types.ProfileType.Localhost => new(Core.Spec.SeccompKind.Localhost, profile.LocalhostRef),
        _ => null,
    };

    private static ResourceLimits? ToLimits(LinuxContainerResources? r) => r is null ? null : new ResourceLimits
    {
        CpuPeriod = r.CpuPeriod,
        CpuQuota = r.CpuQuota,
        CpuShares = r.CpuShares,
        MemoryLimitInBytes = r.MemoryLimitInBytes,
        MemorySwapLimitInBytes = r.MemorySwapLimitInBytes,
        OomScoreAdj = r.OomScoreAdj,
        CpusetCpus = r.CpusetCpus,
        CpusetMems = r.CpusetMems,
        HugepageLimits = r.HugepageLimits.ToDictionary(h => h.PageSize, h => h.Limit, StringComparer.Ordinal),
        Unified = Copy(r.Unified),
    };

    private static LinuxContainerResources? FromLimits(ResourceLimits? r)
    {
        if (r is null)
        {
            return null;
        }

        var result = new LinuxContainerResources
        {
            CpuPeriod = r.CpuPeriod,
            CpuQuota = r.CpuQuota,
            CpuShares = r.CpuShares,
            MemoryLimitInBytes = r.MemoryLimitInBytes,
            MemorySwapLimitInBytes = r.MemorySwapLimitInBytes,
            OomScoreAdj = r.OomScoreAdj,
            CpusetCpus = r.CpusetCpus,
            CpusetMems = r.CpusetMems,
        };
        result.HugepageLimits.AddRange(r.HugepageLimits.Select(h => new HugepageLimit { PageSize = h.Key, Limit = h.Value }));
        result.Unified.Add(r.Unified.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        return result;
    }

    /// <summary>CRI's Signal enum: alphabetical names, then SIGRTMIN..SIGRTMAX (values 35..65 are signals 34..64).</summary>
    private static readonly string[] SignalNames =
    [
        "", "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO",
        "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS",
        "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH",
        "SIGXCPU", "SIGXFSZ",
    ];

    private static string SignalName(Signal signal)
    {
        var value = (int)signal;
        if (value > 0 && value < SignalNames.Length)
        {
            return SignalNames[value];
        }

        return value is >= 35 and <= 65 ? (value - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
    }

    /// <summary>A stop signal as CRI's enum; null when it has no name there.</summary>
    private static Signal? SignalOf(string stopSignal)
    {
        if (Signals.Parse(stopSignal) is not { } number)
        {
            return null;
        }

        if (number >= 34)
        {
            return (Signal)(number + 1);
        }

        var byName = Array.FindIndex(SignalNames, n => n.Length > 0 && Signals.Parse(n) == number);
        return byName > 0 ? (Signal)byName : null;
    }

    private static UserNamespaceOptions? ToUserNamespace(UserNamespace? userns) => userns is null ? null : new UserNamespaceOptions
    {
        Mode = ToMode(userns.Mode),
        Uids = ToIdMappings(userns.Uids),
        Gids = ToIdMappings(userns.Gids),
    };

    private static IdMapping[] ToIdMappings(IEnumerable<Runtime.V1.IDMapping> mappings) =>
        [.. mappings.Select(m => new IdMapping(m.ContainerId, m.HostId, m.Length))];

    private static UserNamespace? FromUserNamespace(UserNamespaceOptions? userns)
    {
        if (userns is null)
        {
            return null;
        }

        var result = new UserNamespace { Mode = FromMode(userns.Mode) };
        result.Uids.AddRange(FromIdMappings(userns.Uids));
        result.Gids.AddRange(FromIdMappings(userns.Gids));
        return result;
    }

    private static IEnumerable<Runtime.V1.IDMapping> FromIdMappings(IEnumerable<IdMapping> mappings) =>
        mappings.Select(m => new Runtime.V1.IDMapping { ContainerId = m.ContainerId, HostId = m.HostId, Length = m.Length });

    private static CoreNamespaceMode ToMode(Runtime.V1.NamespaceMode mode) => mode switch
    {
        Runtime.V1.NamespaceMode.Container => CoreNamespaceMode.Container,
        Runtime.V1.NamespaceMode.Node => CoreNamespaceMode.Node,
        Runtime.V1.NamespaceMode.Target => CoreNamespaceMode.Target,
        _ => CoreNamespaceMode.Pod,
    };

    private static Runtime.V1.NamespaceMode FromMode(CoreNamespaceMode mode) => mode switch
    {
        CoreNamespaceMode.Container => Runtime.V1.NamespaceMode.Container,
        CoreNamespaceMode.Node => Runtime.V1.NamespaceMode.Node,
        CoreNamespaceMode.Target => Runtime.V1.NamespaceMode.Target,
        _ => Runtime.V1.NamespaceMode.Pod,
    };

    private static PodSandboxState FromState(SandboxState state) =>
        state == SandboxState.Ready ? PodSandboxState.SandboxReady : PodSandboxState.SandboxNotready;

    private static Runtime.V1.ContainerState FromState(CoreContainerState state) => state switch
    {
        CoreContainerState.Created => Runtime.V1.ContainerState.ContainerCreated,
        CoreContainerState.Running => Runtime.V1.ContainerState.ContainerRunning,
        CoreContainerState.Exited => Runtime.V1.ContainerState.ContainerExited,
        _ => Runtime.V1.ContainerState.ContainerUnknown,
    };

    private static CoreContainerState ToState(Runtime.V1.ContainerState state) => state switch
    {
        Runtime.V1.ContainerState.ContainerCreated => CoreContainerState.Created,
        Runtime.V1.ContainerState.ContainerRunning => CoreContainerState.Running,
        Runtime.V1.ContainerState.ContainerExited => CoreContainerState.Exited,
        _ => CoreContainerState.Unknown,
    };

    private static PodSandboxMetadata SandboxMetadata(SandboxRecord r) => new() { Name = r.Name, Uid = r.Uid, Namespace = r.Namespace, Attempt = r.Attempt };

    private static ContainerMetadata ContainerMetadataOf(ContainerRecord r) => new() { Name = r.Name, Attempt = r.Attempt };

    private static Dictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>>? map) =>
        map is null ? new Dictionary<string, string>(StringComparer.Ordinal) : map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
