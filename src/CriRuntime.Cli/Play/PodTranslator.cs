using System.Globalization;
using System.Text;
using k8s.Models;
using Runtime.V1;

namespace CriRuntime.Cli.Play;

/// <summary>What a container's config is built from besides the container itself.</summary>
/// <param name="VolumePaths">Host path of each volume by name (emptyDir and configMap directories made by play, hostPath as given).</param>
/// <param name="PodIp">The sandbox's primary IP (status.podIP), empty in host network until known.</param>
internal sealed record PodContext(PlayPod Pod, string Uid, IReadOnlyDictionary<string, V1ConfigMap> ConfigMaps, IReadOnlyDictionary<string, string> VolumePaths, string PodIp);

/// <summary>
/// Turns a Kubernetes pod spec into CRI configs the way the kubelet does (kuberuntime): sandbox metadata, hostname,
/// host ports, namespaces and pod security context; per container the command and args with <c>$(VAR)</c>
/// references expanded, environment (values, ConfigMap keys, fieldRefs), mounts, CPU and memory resources and the
/// security context. Pure: no RPC, no file system.
/// </summary>
internal static class PodTranslator
{
    /// <summary>Labels play puts on the sandboxes and containers it creates; <c>--down</c> finds them by these.</summary>
    public const string NameLabel = "play.criruntime.io/name";
    public const string NamespaceLabel = "play.criruntime.io/namespace";

    /// <summary>Annotation on the sandbox: the directory holding its emptyDir and configMap volumes.</summary>
    public const string VolumesAnnotation = "play.criruntime.io/volumes";

    /// <summary>The fieldRef paths play fills in.</summary>
    public static readonly string[] FieldPaths = ["metadata.name", "metadata.namespace", "metadata.uid", "status.podIP", "spec.nodeName"];

    /// <summary>CFS period used for CPU limits (the kubelet's 100 ms).</summary>
    private const long CpuPeriod = 100_000;

    public static PodSandboxConfig Sandbox(PlayPod pod, string uid, string logDirectory, string cgroupParent, string volumesDirectory)
    {
        var spec = pod.Spec;
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = pod.Name, Namespace = pod.Namespace, Uid = uid },
            Hostname = spec.HostNetwork == true ? "" : spec.Hostname ?? pod.Name,
            LogDirectory = logDirectory,
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = cgroupParent,
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = Namespaces(spec),
                    RunAsUser = spec.SecurityContext?.RunAsUser is { } user ? new Int64Value { Value = user } : null,
                    RunAsGroup = spec.SecurityContext?.RunAsGroup is { } group ? new Int64Value { Value = group } : null,
                },
            },
        };
        config.Linux.SecurityContext.SupplementalGroups.AddRange((spec.SecurityContext?.SupplementalGroups ?? []).OfType<long>());
        foreach (var sysctl in spec.SecurityContext?.Sysctls ?? [])
        {
            config.Linux.Sysctls[sysctl.Name] = sysctl.Value;
        }

        Labels(config.Labels, pod);
        foreach (var (key, value) in pod.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            config.Annotations[key] = value;
        }

        config.Annotations[VolumesAnnotation] = volumesDirectory;
        foreach (var port in (spec.InitContainers ?? []).Concat(spec.Containers ?? []).SelectMany(c => c.Ports ?? []).Where(p => p.HostPort is > 0))
        {
            config.PortMappings.Add(new PortMapping
            {
                Protocol = port.Protocol?.ToUpperInvariant() switch { "UDP" => Runtime.V1.Protocol.Udp, "SCTP" => Runtime.V1.Protocol.Sctp, _ => Runtime.V1.Protocol.Tcp },
                ContainerPort = port.ContainerPort,
                HostPort = port.HostPort!.Value,
                HostIp = port.HostIP ?? "",
            });
        }

        return config;
    }

    public static ContainerConfig Container(V1Container container, PodContext context, uint attempt)
    {
        var env = Environment(container, context);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = container.Name, Attempt = attempt },
            Image = new ImageSpec { Image = container.Image },
            WorkingDir = container.WorkingDir ?? "",
            LogPath = $"{container.Name}/{attempt}.log",
            Stdin = container.Stdin == true,
            StdinOnce = container.StdinOnce == true,
            Tty = container.Tty == true,
            Linux = new LinuxContainerConfig
            {
                Resources = Resources(container.Resources),
                SecurityContext = Security(container.SecurityContext, context.Pod.Spec),
            },
        };
        config.Command.AddRange((container.Command ?? []).Select(c => Expand(c, env)));
        config.Args.AddRange((container.Args ?? []).Select(a => Expand(a, env)));
        config.Envs.AddRange(env.Select(e => new KeyValue { Key = e.Key, Value = e.Value }));
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var host = context.VolumePaths[mount.Name];
            config.Mounts.Add(new Mount
            {
                HostPath = mount.SubPath is { Length: > 0 } sub ? Path.Combine(host, sub) : host,
                ContainerPath = mount.MountPath,
                Readonly = mount.ReadOnlyProperty == true || context.Pod.Spec.Volumes!.First(v => v.Name == mount.Name).ConfigMap is not null,
            });
        }

        Labels(config.Labels, context.Pod);
        config.Labels["io.kubernetes.container.name"] = container.Name;
        return config;
    }

    /// <summary>The container's environment in order: envFrom first, then env (a later name wins, as in Kubernetes).</summary>
    public static List<KeyValuePair<string, string>> Environment(V1Container container, PodContext context)
    {
        var env = new List<KeyValuePair<string, string>>();
        void Set(string key, string value)
        {
            env.RemoveAll(e => e.Key == key);
            env.Add(new(key, value));
        }

        foreach (var from in container.EnvFrom ?? [])
        {
            if (from.ConfigMapRef is { } reference && context.ConfigMaps.TryGetValue(reference.Name, out var map))
            {
                foreach (var (key, value) in map.Data ?? new Dictionary<string, string>())
                {
                    Set((from.Prefix ?? "") + key, value);
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            var expanded = env.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            if (variable.ValueFrom?.ConfigMapKeyRef is { } keyRef)
            {
                if (context.ConfigMaps.TryGetValue(keyRef.Name, out var map) && map.Data?.TryGetValue(keyRef.Key, out var value) == true)
                {
                    Set(variable.Name, value);
                }
            }
            else if (variable.ValueFrom?.FieldRef is { } field)
            {
                Set(variable.Name, field.FieldPath switch
                {
                    "metadata.name" => context.Pod.Name,
                    "metadata.namespace" => context.Pod.Namespace,
                    "metadata.uid" => context.Uid,
                    "status.podIP" => context.PodIp,
                    _ => System.Environment.MachineName,
                });
            }
            else
            {
                Set(variable.Name, Expand(variable.Value ?? "", expanded));
            }
        }

        return env;
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion: a defined variable is replaced, <c>$$</c> is a literal <c>$</c>, anything else stays.</summary>
    public static string Expand(string text, IEnumerable<KeyValuePair<string, string>> env)
    {
        var values = env.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i + 1] == '(' && text.IndexOf(')', i + 2) is var close and > 0 && values.TryGetValue(text[(i + 2)..close], out var value))
            {
                result.Append(value);
                i = close;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }

    /// <summary>CPU limit as a CFS quota, CPU request as shares (1024 per core, at least 2), memory limit in bytes.</summary>
    public static LinuxContainerResources Resources(V1ResourceRequirements? resources)
    {
        var result = new LinuxContainerResources();
        if (resources?.Limits?.TryGetValue("cpu", out var cpuLimit) == true)
        {
            result.CpuPeriod = CpuPeriod;
            result.CpuQuota = Math.Max(1000, (long)Math.Ceiling(cpuLimit.ToDecimal() * CpuPeriod));
        }

        var request = resources?.Requests?.TryGetValue("cpu", out var cpuRequest) == true ? cpuRequest
            : resources?.Limits?.TryGetValue("cpu", out var limitAsRequest) == true ? limitAsRequest
            : null;
        result.CpuShares = request is null ? 2 : Math.Max(2, (long)Math.Ceiling(request.ToDecimal() * 1024));
        if (resources?.Limits?.TryGetValue("memory", out var memory) == true)
        {
            result.MemoryLimitInBytes = (long)memory.ToDecimal();
        }

        return result;
    }

    private static LinuxContainerSecurityContext Security(V1SecurityContext? security, V1PodSpec pod)
    {
        var result = new LinuxContainerSecurityContext
        {
            NamespaceOptions = Namespaces(pod),
            Privileged = security?.Privileged == true,
            ReadonlyRootfs = security?.ReadOnlyRootFilesystem == true,
            NoNewPrivs = security?.AllowPrivilegeEscalation == false,
            RunAsUser = (security?.RunAsUser ?? pod.SecurityContext?.RunAsUser) is { } user ? new Int64Value { Value = user } : null,
            RunAsGroup = (security?.RunAsGroup ?? pod.SecurityContext?.RunAsGroup) is { } group ? new Int64Value { Value = group } : null,
        };
        result.SupplementalGroups.AddRange((pod.SecurityContext?.SupplementalGroups ?? []).OfType<long>());
        if (security?.Capabilities is { } capabilities)
        {
            result.Capabilities = new Capability();
            result.Capabilities.AddCapabilities.AddRange(capabilities.Add ?? []);
            result.Capabilities.DropCapabilities.AddRange(capabilities.Drop ?? []);
        }

        return result;
    }

    private static NamespaceOption Namespaces(V1PodSpec spec) => new()
    {
        Network = spec.HostNetwork == true ? NamespaceMode.Node : NamespaceMode.Pod,
        Pid = NamespaceMode.Container,
        Ipc = NamespaceMode.Pod,
    };

    private static void Labels(Google.Protobuf.Collections.MapField<string, string> labels, PlayPod pod)
    {
        foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        labels[NameLabel] = pod.Name;
        labels[NamespaceLabel] = pod.Namespace;
    }

    /// <summary>The kubelet's default pull policy: Always for <c>:latest</c> or no tag, IfNotPresent otherwise.</summary>
    public static string PullPolicy(V1Container container)
    {
        if (container.ImagePullPolicy is { Length: > 0 } policy)
        {
            return policy;
        }

        var image = container.Image ?? "";
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastPart = image[(image.LastIndexOf('/') + 1)..];
        return !lastPart.Contains(':', StringComparison.Ordinal) || lastPart.EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
    }

    /// <summary>A Kubernetes-style duration for messages: 10s, 1m20s.</summary>
    public static string Seconds(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds}s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");
}
