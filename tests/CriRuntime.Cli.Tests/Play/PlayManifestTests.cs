using CriRuntime.Cli.Play;
using k8s.Models;

namespace CriRuntime.Cli.Tests.Play;

public sealed class PlayManifestTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          containers:
          - name: app
            image: registry.test/app:1.0
            command: [sh, -c, 'echo $(GREETING) $$(not) $(MISSING)']
            args: ["$(POD_NAME)"]
            env:
            - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: BOTH, value: "$(GREETING)-$(POD_NAME)"}
            envFrom:
            - {configMapRef: {name: settings}, prefix: CFG_}
            ports:
            - {containerPort: 80, hostPort: 8080}
            - {containerPort: 53, protocol: UDP}
            resources:
              limits: {cpu: 500m, memory: 64Mi}
              requests: {cpu: 250m}
            securityContext:
              runAsUser: 1000
              readOnlyRootFilesystem: true
              allowPrivilegeEscalation: false
              capabilities: {add: [NET_ADMIN], drop: [ALL]}
            volumeMounts:
            - {name: data, mountPath: /data}
            - {name: config, mountPath: /etc/app}
          volumes:
          - {name: data, emptyDir: {}}
          - {name: config, configMap: {name: settings}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {greeting: hello}
        """;

    [Fact]
    public void A_pod_and_its_config_map_become_cri_configs()
    {
        var manifest = PlayManifest.Parse(Pod, "pod.yaml");
        var pod = Assert.Single(manifest.Pods);
        Assert.Equal(("web", "shop"), (pod.Name, pod.Namespace));

        var sandbox = PodTranslator.Sandbox(pod, "uid-1", "/logs/shop_web_uid-1", "/parent", "/state/uid-1");
        Assert.Equal("web", sandbox.Hostname);
        var port = Assert.Single(sandbox.PortMappings);
        Assert.Equal((80, 8080, Runtime.V1.Protocol.Tcp), (port.ContainerPort, port.HostPort, port.Protocol));
        Assert.Equal("web", sandbox.Labels["app"]);
        Assert.Equal("web", sandbox.Labels[PodTranslator.NameLabel]);
        Assert.Equal("shop", sandbox.Labels[PodTranslator.NamespaceLabel]);

        var context = new PodContext(pod, "uid-1", manifest.ConfigMaps, new Dictionary<string, string> { ["data"] = "/state/data", ["config"] = "/state/config" }, "10.0.0.7");
        var container = PodTranslator.Container(pod.Spec.Containers[0], context, attempt: 2);
        Assert.Equal(["sh", "-c", "echo hello $(not) $(MISSING)"], container.Command);
        Assert.Equal(["web"], container.Args);
        var env = container.Envs.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("hello", env["GREETING"]);
        Assert.Equal("hello", env["CFG_greeting"]);
        Assert.Equal("10.0.0.7", env["POD_IP"]);
        Assert.Equal("hello-web", env["BOTH"]);
        Assert.Equal("app/2.log", container.LogPath);
        Assert.Equal(50_000, container.Linux.Resources.CpuQuota);
        Assert.Equal(100_000, container.Linux.Resources.CpuPeriod);
        Assert.Equal(256, container.Linux.Resources.CpuShares);
        Assert.Equal(64L * 1024 * 1024, container.Linux.Resources.MemoryLimitInBytes);
        var security = container.Linux.SecurityContext;
        Assert.Equal(1000, security.RunAsUser.Value);
        Assert.True(security.ReadonlyRootfs);
        Assert.True(security.NoNewPrivs);
        Assert.Equal(["NET_ADMIN"], security.Capabilities.AddCapabilities);
        Assert.Equal(["ALL"], security.Capabilities.DropCapabilities);
        Assert.Equal([("/state/data", "/data", false), ("/state/config", "/etc/app", true)], container.Mounts.Select(m => (m.HostPath, m.ContainerPath, m.Readonly)));
    }

    [Fact]
    public void A_deployment_runs_its_pod_template_under_its_name()
    {
        var manifest = PlayManifest.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              replicas: 1
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers: [{name: api, image: "registry.test/api"}]
            """, "d.yaml");
        var pod = Assert.Single(manifest.Pods);
        Assert.Equal(("api", "default", "Deployment api"), (pod.Name, pod.Namespace, pod.Source));
        Assert.Equal("Always", PodTranslator.PullPolicy(pod.Spec.Containers[0]));
    }

    [Theory]
    [InlineData("registry.test/app:1.0", null, "IfNotPresent")]
    [InlineData("registry.test/app", null, "Always")]
    [InlineData("registry.test:5000/app:latest", null, "Always")]
    [InlineData("registry.test:5000/app", null, "Always")]
    [InlineData("registry.test/app@sha256:0123", null, "IfNotPresent")]
    [InlineData("registry.test/app", "Never", "Never")]
    public void Pull_policy_defaults_as_the_kubelets(string image, string? policy, string expected) =>
        Assert.Equal(expected, PodTranslator.PullPolicy(new V1Container { Name = "c", Image = image, ImagePullPolicy = policy }));

    [Theory]
    [InlineData("livenessProbe: {grpc: {port: 80}}", "Pod p: spec.containers[0].livenessProbe.grpc is not supported")]
    [InlineData("readinessProbe: {httpGet: {port: 80, scheme: HTTPS}}", "readinessProbe.httpGet.scheme \"HTTPS\" is not supported")]
    [InlineData("startupProbe: {periodSeconds: 1}", "startupProbe needs exactly one of exec, httpGet, tcpSocket")]
    [InlineData("lifecycle: {preStop: {exec: {command: [x]}}}", "Pod p: spec.containers[0].lifecycle is not supported")]
    [InlineData("securityContext: {seccompProfile: {type: RuntimeDefault}}", "Pod p: spec.containers[0].securityContext.seccompProfile is not supported")]
    [InlineData("volumeMounts: [{name: v, mountPath: /v, mountPropagation: Bidirectional}]", "spec.containers[0].volumeMounts[0].mountPropagation is not supported")]
    [InlineData("imagePullPolicy: Sometimes", "imagePullPolicy \"Sometimes\" is not Always, IfNotPresent or Never")]
    [InlineData("env: [{name: X, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}]", "fieldRef.fieldPath \"spec.serviceAccountName\" is not supported")]
    [InlineData("env: [{name: X, valueFrom: {configMapKeyRef: {name: absent, key: k}}}]", "configMapKeyRef absent/k is not in the manifest")]
    [InlineData("env: [{name: X, valueFrom: {secretKeyRef: {name: s, key: k}}}]", "spec.containers[0].env[0].valueFrom.secretKeyRef is not supported")]
    [InlineData("imagee: typo", "p.yaml: line 9, column 5: unknown field \"imagee\" in a Container")]
    [InlineData("resources: {limit: {cpu: 1}}", "line 9, column 17: unknown field \"limit\" in a ResourceRequirements")]
    public void Unsupported_container_fields_are_named(string field, string expected)
    {
        var yaml = $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              volumes: [{name: v, emptyDir: {}}]
              containers:
              - name: c
                image: registry.test/app:1
                {{{field}}}
            """;
        var error = Assert.Throws<CliException>(() => PlayManifest.Parse(yaml, "p.yaml"));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("p.yaml: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pod", "v1", "nodeSelector: {disk: ssd}", "Pod p: spec.nodeSelector is not supported")]
    [InlineData("Pod", "v1", "volumes: [{name: s, secret: {secretName: x}}]", "Pod p: spec.volumes[0].secret is not supported")]
    [InlineData("Pod", "v1", "volumes: [{name: m, emptyDir: {medium: Memory}}]", "emptyDir.medium \"Memory\" is not supported")]
    [InlineData("Pod", "v1", "restartPolicy: Sometimes", "spec.restartPolicy \"Sometimes\"")]
    [InlineData("Service", "v1", "ports: [{port: 80}]", "kind v1/Service is not supported")]
    public void Unsupported_pod_fields_and_kinds_are_named(string kind, string apiVersion, string field, string expected)
    {
        var yaml = $$$"""
            apiVersion: {{{apiVersion}}}
            kind: {{{kind}}}
            metadata: {name: p}
            spec:
              {{{field}}}
              containers: [{name: c, image: "registry.test/app:1"}]
            """;
        if (kind == "Service")
        {
            yaml = $"apiVersion: v1\nkind: Service\nmetadata: {{name: p}}\nspec:\n  {field}\n";
        }

        var error = Assert.Throws<CliException>(() => PlayManifest.Parse(yaml, "p.yaml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_are_listed_together_and_replicas_above_one_refused()
    {
        var error = Assert.Throws<CliException>(() => PlayManifest.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              replicas: 3
              strategy: {type: Recreate}
              selector: {matchLabels: {app: d}}
              template:
                spec:
                  affinity: {}
                  containers: [{name: c, image: "registry.test/app:1"}]
            """, "d.yaml"));
        Assert.Contains("Deployment d: spec.replicas: 3 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("Deployment d: spec.strategy is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("Deployment d: spec.template.spec.affinity is not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")]
    [InlineData("kind: [unbalanced")]
    public void Empty_or_malformed_manifests_are_refused(string yaml) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => PlayManifest.Parse(yaml, "x.yaml")).ExitCode);
}
