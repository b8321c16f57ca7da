using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace CriRuntime.Cli.Play;

/// <summary>
/// The fields of a manifest that <c>criruntime play</c> acts on. Every other field that is set is reported by its
/// path (<c>spec.containers[0].lifecycle</c>), so nothing in a manifest is ignored silently. Paths are written with
/// the API's JSON names; <c>[]</c> stands for any list item.
/// </summary>
internal static class SupportedFields
{
    private static readonly string[] Container =
    [
        "name", "image", "command", "args", "workingDir", "imagePullPolicy", "stdin", "stdinOnce", "tty",
        "env", "env[].name", "env[].value", "env[].valueFrom", "env[].valueFrom.configMapKeyRef",
        "env[].valueFrom.configMapKeyRef.name", "env[].valueFrom.configMapKeyRef.key", "env[].valueFrom.configMapKeyRef.optional",
        "env[].valueFrom.fieldRef", "env[].valueFrom.fieldRef.fieldPath", "env[].valueFrom.fieldRef.apiVersion",
        "envFrom", "envFrom[].prefix", "envFrom[].configMapRef", "envFrom[].configMapRef.name", "envFrom[].configMapRef.optional",
        "ports", "ports[].name", "ports[].containerPort", "ports[].hostPort", "ports[].hostIP", "ports[].protocol",
        "volumeMounts", "volumeMounts[].name", "volumeMounts[].mountPath", "volumeMounts[].readOnly", "volumeMounts[].subPath",
        "resources", "resources.limits", "resources.requests",
        "securityContext", "securityContext.runAsUser", "securityContext.runAsGroup", "securityContext.privileged",
        "securityContext.readOnlyRootFilesystem", "securityContext.allowPrivilegeEscalation", "securityContext.capabilities",
        "securityContext.capabilities.add", "securityContext.capabilities.drop",
    ];

    private static readonly string[] Probe =
    [
        "exec", "exec.command", "httpGet", "httpGet.path", "httpGet.port", "httpGet.host", "httpGet.scheme",
        "tcpSocket", "tcpSocket.port", "tcpSocket.host",
        "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold",
    ];

    /// <summary>Probes are run for containers (an init container must end, so it has none).</summary>
    private static readonly string[] Probes =
    [
        "livenessProbe", "readinessProbe", "startupProbe",
        .. Probe.Select(static f => "livenessProbe." + f),
        .. Probe.Select(static f => "readinessProbe." + f),
        .. Probe.Select(static f => "startupProbe." + f),
    ];

    private static readonly string[] PodSpec =
    [
        "restartPolicy", "hostNetwork", "hostname", "terminationGracePeriodSeconds",
        "securityContext", "securityContext.runAsUser", "securityContext.runAsGroup", "securityContext.supplementalGroups",
        "securityContext.sysctls", "securityContext.sysctls[].name", "securityContext.sysctls[].value",
        "volumes", "volumes[].name", "volumes[].hostPath", "volumes[].hostPath.path", "volumes[].hostPath.type",
        "volumes[].emptyDir", "volumes[].emptyDir.medium", "volumes[].configMap", "volumes[].configMap.name",
        "volumes[].configMap.optional", "volumes[].configMap.defaultMode", "volumes[].configMap.items",
        "volumes[].configMap.items[].key", "volumes[].configMap.items[].path", "volumes[].configMap.items[].mode",
        "containers", "initContainers",
        .. Container.Select(static f => "containers[]." + f),
        .. Probes.Select(static f => "containers[]." + f),
        .. Container.Select(static f => "initContainers[]." + f),
    ];

    private static readonly string[] Metadata = ["name", "namespace", "labels", "annotations"];

    private static readonly HashSet<string> PodFields = [.. Header(), .. Meta("metadata"), .. PodSpec.Select(static f => "spec." + f), "spec"];

    private static readonly HashSet<string> DeploymentFields =
    [
        .. Header(), .. Meta("metadata"), "spec", "spec.replicas", "spec.selector", "spec.selector.matchLabels",
        "spec.template", .. Meta("spec.template.metadata"), "spec.template.spec", .. PodSpec.Select(static f => "spec.template.spec." + f),
    ];

    private static readonly HashSet<string> ConfigMapFields = [.. Header(), .. Meta("metadata"), "data"];

    /// <summary>The set fields of <paramref name="document"/> that play does not support, each as "SOURCE: PATH is not supported".</summary>
    public static IEnumerable<string> Check(object document, string source)
    {
        var allowed = document switch
        {
            V1Pod => PodFields,
            V1Deployment => DeploymentFields,
            _ => ConfigMapFields,
        };
        var found = new List<string>();
        Walk(document, "", "", allowed, found);
        return found.Select(path => $"{source}: {path} is not supported by criruntime play");
    }

    private static IEnumerable<string> Header() => ["apiVersion", "kind"];

    private static IEnumerable<string> Meta(string prefix) => [prefix, .. Metadata.Select(f => prefix + "." + f)];

    /// <summary>Visits every set property; <paramref name="pattern"/> is the path with list indices written as <c>[]</c>.</summary>
    private static void Walk(object node, string path, string pattern, HashSet<string> allowed, List<string> found)
    {
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } json || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = property.GetValue(node);
            if (value is null || value is ICollection { Count: 0 })
            {
                continue;
            }

            var childPath = path.Length == 0 ? json.Name : path + "." + json.Name;
            var childPattern = pattern.Length == 0 ? json.Name : pattern + "." + json.Name;
            if (!allowed.Contains(childPattern))
            {
                found.Add(childPath);
                continue;
            }

            if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && IsModel(item))
                    {
                        Walk(item, $"{childPath}[{i}]", childPattern + "[]", allowed, found);
                    }
                }
            }
            else if (IsModel(value))
            {
                Walk(value, childPath, childPattern, allowed, found);
            }
        }
    }

    /// <summary>API objects with fields of their own; quantities are values.</summary>
    private static bool IsModel(object value) => value.GetType().Namespace == typeof(V1Pod).Namespace && value is not ResourceQuantity;
}
