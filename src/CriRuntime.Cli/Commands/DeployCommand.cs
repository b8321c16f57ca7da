using System.CommandLine;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>deploy runtimeclasses</c>: one RuntimeClass per runtime handler the daemon reports, created or updated in the
/// cluster with KubernetesClient (a kubeconfig, or the in-cluster service account), or printed with <c>--dry-run</c>.
/// </summary>
internal static class DeployCommand
{
    /// <summary>Label on the RuntimeClasses this command manages.</summary>
    public const string ManagedBy = "criruntime";

    public static Command Create(CliApp.Runner run)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else the in-cluster service account)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print the RuntimeClass manifests instead of applying them" };
        var classes = new Command("runtimeclasses", "create or update a RuntimeClass for each runtime handler of this node") { kubeconfig, dryRun };
        run.Action(classes, async (cli, parse, token) =>
        {
            var status = await cli.Runtime.StatusAsync(new StatusRequest(), deadline: cli.Deadline, cancellationToken: token);
            var objects = RuntimeClasses(status.RuntimeHandlers);
            if (parse.GetValue(dryRun))
            {
                // A multi-document stream: each document ends its last line, so "---" starts a line of its own.
                await cli.Out.WriteAsync(string.Join("---\n", objects.Select(static o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n")));
                return ExitCodes.Success;
            }

            using var client = new Kubernetes(ClientConfiguration(parse.GetValue(kubeconfig)));
            foreach (var runtimeClass in objects)
            {
                var verb = await ApplyAsync(client, runtimeClass, token);
                await cli.Out.WriteLineAsync($"runtimeclass.node.k8s.io/{runtimeClass.Metadata.Name} {verb}");
            }

            return ExitCodes.Success;
        });
        var deploy = new Command("deploy", "set up the cluster side of this node") { classes };
        return deploy;
    }

    /// <summary>The RuntimeClass of each named handler (the default one, reported as "", needs none).</summary>
    internal static IReadOnlyList<V1RuntimeClass> RuntimeClasses(IEnumerable<RuntimeHandler> handlers) =>
        [.. handlers.Where(static h => h.Name.Length > 0).Select(static h => new V1RuntimeClass
        {
            ApiVersion = "node.k8s.io/v1",
            Kind = "RuntimeClass",
            Metadata = new V1ObjectMeta { Name = h.Name, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = ManagedBy } },
            Handler = h.Name,
        })];

    private static KubernetesClientConfiguration ClientConfiguration(string? kubeconfig)
    {
        var path = kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(path))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }

        if (kubeconfig is null && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw CliException.Usage($"no kubeconfig at {path} and not inside a cluster: pass --kubeconfig, or --dry-run to print the manifests");
    }

    /// <summary>Creates the object, or replaces it (keeping its resourceVersion) when it exists; returns what was done.</summary>
    private static async Task<string> ApplyAsync(Kubernetes client, V1RuntimeClass runtimeClass, CancellationToken token)
    {
        try
        {
            var existing = await client.NodeV1.ReadRuntimeClassAsync(runtimeClass.Metadata.Name, cancellationToken: token);
            if (existing.Handler == runtimeClass.Handler && existing.Metadata.Labels is { } labels
                && labels.TryGetValue("app.kubernetes.io/managed-by", out var manager) && manager == ManagedBy)
            {
                return "unchanged";
            }

            runtimeClass.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.NodeV1.ReplaceRuntimeClassAsync(runtimeClass, runtimeClass.Metadata.Name, cancellationToken: token);
            return "configured";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await client.NodeV1.CreateRuntimeClassAsync(runtimeClass, cancellationToken: token);
            return "created";
        }
        catch (HttpOperationException e)
        {
            throw new CliException(ExitCodes.Failed, $"the cluster answered {(int)e.Response.StatusCode} for RuntimeClass {runtimeClass.Metadata.Name}: {e.Response.Content}");
        }
    }
}
