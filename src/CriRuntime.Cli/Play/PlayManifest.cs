using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace CriRuntime.Cli.Play;

/// <summary>One pod to run: from a Pod document, or a Deployment's pod template (named after the Deployment).</summary>
/// <param name="Source">How errors name it: <c>Pod web</c>, <c>Deployment api</c>.</param>
internal sealed record PlayPod(string Name, string Namespace, V1ObjectMeta Metadata, V1PodSpec Spec, string Source);

/// <summary>
/// A <c>criruntime play</c> manifest: Pods, Deployments (their pod template, one replica) and ConfigMaps, read with
/// KubernetesClient's models and its strict YAML deserializer (an unknown field is an error naming it). Every field
/// play does not act on is refused by name (<see cref="SupportedFields"/>), never ignored.
/// </summary>
internal sealed partial record PlayManifest(IReadOnlyList<PlayPod> Pods, IReadOnlyDictionary<string, V1ConfigMap> ConfigMaps)
{
    /// <summary>Whether any container has a probe (probes run only while play watches in the foreground).</summary>
    public bool HasProbes => Pods.SelectMany(p => p.Spec.Containers ?? []).Any(c => c.LivenessProbe is not null || c.ReadinessProbe is not null || c.StartupProbe is not null);

    /// <summary>Parses and checks a manifest; <see cref="CliException"/> (usage) listing every problem, each named by its field.</summary>
    public static PlayManifest Parse(string yaml, string file)
    {
        List<object> documents;
        try
        {
            documents = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw CliException.Usage($"{file}: {Describe(e)}");
        }

        var problems = new List<string>();
        var pods = new List<PlayPod>();
        var configMaps = new Dictionary<string, V1ConfigMap>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            switch (document)
            {
                case V1Pod pod:
                    var podName = pod.Metadata?.Name ?? "";
                    problems.AddRange(SupportedFields.Check(pod, "Pod " + podName));
                    pods.Add(new PlayPod(podName, pod.Metadata?.NamespaceProperty ?? "default", pod.Metadata ?? new V1ObjectMeta(), pod.Spec ?? new V1PodSpec(), "Pod " + podName));
                    break;
                case V1Deployment deployment:
                    var name = deployment.Metadata?.Name ?? "";
                    problems.AddRange(SupportedFields.Check(deployment, "Deployment " + name));
                    if (deployment.Spec?.Replicas is > 1)
                    {
                        problems.Add($"Deployment {name}: spec.replicas: {deployment.Spec.Replicas} is not supported: play runs one pod per Deployment");
                    }

                    var template = deployment.Spec?.Template;
                    var metadata = template?.Metadata ?? new V1ObjectMeta();
                    pods.Add(new PlayPod(name, deployment.Metadata?.NamespaceProperty ?? "default", metadata, template?.Spec ?? new V1PodSpec(), "Deployment " + name));
                    break;
                case V1ConfigMap configMap:
                    problems.AddRange(SupportedFields.Check(configMap, "ConfigMap " + configMap.Metadata?.Name));
                    configMaps[configMap.Metadata?.Name ?? ""] = configMap;
                    break;
                case IKubernetesObject other:
                    problems.Add($"{other.Kind} {((other as IMetadata<V1ObjectMeta>)?.Metadata?.Name) ?? ""}: kind {other.ApiVersion}/{other.Kind} is not supported: play runs Pod, Deployment and ConfigMap documents".Trim());
                    break;
                default:
                    problems.Add($"a document of type {document.GetType().Name} is not supported");
                    break;
            }
        }

        foreach (var pod in pods)
        {
            problems.AddRange(Validate(pod, configMaps));
        }

        if (pods.Count == 0 && problems.Count == 0)
        {
            problems.Add("no Pod or Deployment document");
        }

        return problems.Count > 0
            ? throw CliException.Usage($"{file}: cannot play this manifest:\n  " + string.Join("\n  ", problems))
            : new PlayManifest(pods, configMaps);
    }

    /// <summary>What the fields allow that play still cannot do: names, duplicates, references to ConfigMaps that are not in the file.</summary>
    private static IEnumerable<string> Validate(PlayPod pod, Dictionary<string, V1ConfigMap> configMaps)
    {
        if (pod.Name.Length == 0)
        {
            yield return $"{pod.Source}: metadata.name is required";
        }

        var containers = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).ToList();
        if ((pod.Spec.Containers ?? []).Count == 0)
        {
            yield return $"{pod.Source}: spec.containers: at least one container is required";
        }

        foreach (var duplicate in containers.GroupBy(c => c.Name).Where(g => g.Count() > 1 || string.IsNullOrEmpty(g.Key)))
        {
            yield return $"{pod.Source}: container name \"{duplicate.Key}\" must be set and unique";
        }

        foreach (var container in containers.Where(c => string.IsNullOrEmpty(c.Image)))
        {
            yield return $"{pod.Source}: container {container.Name}: image is required";
        }

        var volumes = (pod.Spec.Volumes ?? []).ToDictionary(v => v.Name ?? "", StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            var kinds = new object?[] { volume.HostPath, volume.EmptyDir, volume.ConfigMap }.Count(k => k is not null);
            if (kinds != 1)
            {
                yield return $"{pod.Source}: volume {volume.Name}: exactly one of hostPath, emptyDir, configMap is required";
            }

            if (volume.ConfigMap is { } source && !configMaps.ContainsKey(source.Name ?? "") && source.Optional != true)
            {
                yield return $"{pod.Source}: volume {volume.Name}: configMap \"{source.Name}\" is not in the manifest";
            }

            if (volume.EmptyDir?.Medium is { Length: > 0 } medium)
            {
                yield return $"{pod.Source}: volume {volume.Name}: emptyDir.medium \"{medium}\" is not supported (only the default, a directory on disk)";
            }
        }

        foreach (var container in containers)
        {
            foreach (var mount in container.VolumeMounts ?? [])
            {
                if (!volumes.ContainsKey(mount.Name ?? ""))
                {
                    yield return $"{pod.Source}: container {container.Name}: volumeMounts: no volume named \"{mount.Name}\"";
                }

                if (mount.SubPath is { Length: > 0 } sub && (Path.IsPathRooted(sub) || sub.Split('/').Contains("..")))
                {
                    yield return $"{pod.Source}: container {container.Name}: volumeMounts.subPath \"{sub}\" must be relative, without ..";
                }
            }

            foreach (var env in container.Env ?? [])
            {
                if (env.ValueFrom?.ConfigMapKeyRef is { } reference && reference.Optional != true
                    && (!configMaps.TryGetValue(reference.Name ?? "", out var map) || map.Data?.ContainsKey(reference.Key ?? "") != true))
                {
                    yield return $"{pod.Source}: container {container.Name}: env {env.Name}: configMapKeyRef {reference.Name}/{reference.Key} is not in the manifest";
                }

                if (env.ValueFrom?.FieldRef is { } field && !PodTranslator.FieldPaths.Contains(field.FieldPath))
                {
                    yield return $"{pod.Source}: container {container.Name}: env {env.Name}: fieldRef.fieldPath \"{field.FieldPath}\" is not supported ({string.Join(", ", PodTranslator.FieldPaths)})";
                }
            }

            foreach (var from in container.EnvFrom ?? [])
            {
                if (from.ConfigMapRef is { } reference && reference.Optional != true && !configMaps.ContainsKey(reference.Name ?? ""))
                {
                    yield return $"{pod.Source}: container {container.Name}: envFrom configMapRef \"{reference.Name}\" is not in the manifest";
                }
            }

            foreach (var (kind, probe) in new[] { ("livenessProbe", container.LivenessProbe), ("readinessProbe", container.ReadinessProbe), ("startupProbe", container.StartupProbe) })
            {
                if (probe is null)
                {
                    continue;
                }

                if (new object?[] { probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc }.Count(h => h is not null) != 1)
                {
                    yield return $"{pod.Source}: container {container.Name}: {kind} needs exactly one of exec, httpGet, tcpSocket";
                }

                if (probe.HttpGet?.Scheme is { } scheme && !scheme.Equals("HTTP", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{pod.Source}: container {container.Name}: {kind}.httpGet.scheme \"{scheme}\" is not supported (HTTP only)";
                }
            }

            if (container.ImagePullPolicy is { } policy && policy is not ("Always" or "IfNotPresent" or "Never"))
            {
                yield return $"{pod.Source}: container {container.Name}: imagePullPolicy \"{policy}\" is not Always, IfNotPresent or Never";
            }
        }

        if (pod.Spec.RestartPolicy is { } restart && restart is not ("Always" or "OnFailure" or "Never"))
        {
            yield return $"{pod.Source}: spec.restartPolicy \"{restart}\" is not Always, OnFailure or Never";
        }
    }

    private static string Describe(Exception e)
    {
        // The innermost YAML error carries the place; YamlDotNet's messages name .NET types, not manifest fields.
        var located = e as YamlException;
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            located = inner as YamlException ?? located;
            message += ": " + inner.Message;
        }

        message = UnknownProperty().Replace(message, static m => $"unknown field \"{m.Groups[1].Value}\" in a {m.Groups[2].Value}");
        return located is { Start.Line: > 0 } ? $"line {located.Start.Line}, column {located.Start.Column}: {message}" : message;
    }

    [GeneratedRegex(@"Property '([^']+)' not found on type '[\w.]*\.V1(\w+)'\.?")]
    private static partial Regex UnknownProperty();
}
