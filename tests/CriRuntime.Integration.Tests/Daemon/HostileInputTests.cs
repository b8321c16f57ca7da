using System.Text;
using CriRuntime.Integration.Tests.Pods;
using Google.Protobuf;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>
/// Every unary RuntimeService and ImageService RPC called with missing, empty, oversized, non-UTF-8 and path-like
/// values through the real criruntimed: each answer has an expected code and a short message, nothing is Internal,
/// nothing is written outside the daemon's directories, the listed state is unchanged and the daemon keeps serving.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    private static readonly StatusCode[] Unknown = [StatusCode.NotFound, StatusCode.InvalidArgument];
    private static readonly StatusCode[] Idempotent = [StatusCode.OK, StatusCode.NotFound, StatusCode.InvalidArgument];
    private static readonly StatusCode[] Rejected = [StatusCode.InvalidArgument];

    private DaemonProcess _daemon = null!;
    private string _dir = "";

    private string Outside => Path.Combine(_dir, "outside");

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("criruntime-hostile-").FullName;
        _daemon = await DaemonProcess.StartForPodsAsync(_dir);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    /// <summary>The ids and names a caller could send: empty, path-like, NUL, control characters, oversized.</summary>
    public static IEnumerable<string> HostileStrings()
    {
        yield return "";
        yield return "..";
        yield return "/";
        yield return "../../outside/x";
        yield return "/etc/passwd";
        yield return "a\0b";
        yield return "line\nbreak";
        yield return new string('a', 300);
        yield return new string('x', TenMegabytes);
    }

    [Fact]
    public async Task Every_rpc_answers_hostile_values_with_the_expected_code_and_changes_nothing()
    {
        var runtime = _daemon.Runtime;
        var images = _daemon.Images;
        var before = await SnapshotAsync();
        var failures = new List<string>();

        foreach (var value in HostileStrings())
        {
            var shown = value.Length > 20 ? $"<{value.Length} chars>" : value.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            // A 10 MB value in two fields or more makes the message pass the 16 MiB limit: refused before parsing.
            async Task Expect(string rpc, Func<Task> call, StatusCode[] allowed) =>
                await ExpectAsync(failures, $"{rpc}(\"{shown}\")", call, value.Length >= TenMegabytes ? [.. allowed, StatusCode.ResourceExhausted] : allowed);

            await Expect("StopPodSandbox", async () => await runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = value }), Idempotent);
            await Expect("RemovePodSandbox", async () => await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = value }), Idempotent);
            await Expect("PodSandboxStatus", async () => await runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = value, Verbose = true }), Unknown);
            await Expect("ListPodSandbox", async () => await runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = new PodSandboxFilter { Id = value, LabelSelector = { [value] = value } } }), [StatusCode.OK]);
            await Expect("StartContainer", async () => await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = value }), Unknown);
            await Expect("StopContainer", async () => await runtime.StopContainerAsync(new StopContainerRequest { ContainerId = value, Timeout = 1 }), Idempotent);
            await Expect("RemoveContainer", async () => await runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = value }), Idempotent);
            await Expect("ListContainers", async () => await runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { Id = value, PodSandboxId = value, LabelSelector = { [value] = value } } }), [StatusCode.OK]);
            await Expect("ContainerStatus", async () => await runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = value, Verbose = true }), Unknown);
            await Expect("UpdateContainerResources", async () => await runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest { ContainerId = value, Linux = new LinuxContainerResources { CpusetCpus = value } }), Unknown);
            await Expect("ReopenContainerLog", async () => await runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = value }), Unknown);
            await Expect("ExecSync", async () => await runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = value, Cmd = { value }, Timeout = 1 }), Unknown);
            await Expect("Exec", async () => await runtime.ExecAsync(new ExecRequest { ContainerId = value, Cmd = { value }, Stdout = true }), [.. Unknown, StatusCode.Unimplemented]);
            await Expect("Attach", async () => await runtime.AttachAsync(new AttachRequest { ContainerId = value, Stdout = true }), [.. Unknown, StatusCode.Unimplemented]);
            await Expect("PortForward", async () => await runtime.PortForwardAsync(new PortForwardRequest { PodSandboxId = value, Port = { 80 } }), [.. Unknown, StatusCode.Unimplemented]);
            await Expect("ContainerStats", async () => await runtime.ContainerStatsAsync(new ContainerStatsRequest { ContainerId = value }), Unknown);
            await Expect("ListContainerStats", async () => await runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = new ContainerStatsFilter { Id = value, PodSandboxId = value } }), [StatusCode.OK]);
            await Expect("PodSandboxStats", async () => await runtime.PodSandboxStatsAsync(new PodSandboxStatsRequest { PodSandboxId = value }), Unknown);
            await Expect("ListPodSandboxStats", async () => await runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest { Filter = new PodSandboxStatsFilter { Id = value } }), [StatusCode.OK]);
            await Expect("UpdateRuntimeConfig", async () => await runtime.UpdateRuntimeConfigAsync(new UpdateRuntimeConfigRequest { RuntimeConfig = new Runtime.V1.RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = value } } }), [StatusCode.OK, StatusCode.InvalidArgument]);
            await Expect("CheckpointContainer", async () => await runtime.CheckpointContainerAsync(new CheckpointContainerRequest { ContainerId = value, Location = value }), [.. Unknown, StatusCode.Unimplemented]);
            await Expect("ListPodSandboxMetrics", async () => await runtime.ListPodSandboxMetricsAsync(new ListPodSandboxMetricsRequest()), [StatusCode.OK, StatusCode.Unimplemented]);
            await Expect("UpdatePodSandboxResources", async () => await runtime.UpdatePodSandboxResourcesAsync(new UpdatePodSandboxResourcesRequest { PodSandboxId = value }), [.. Unknown, StatusCode.Unimplemented]);
            await Expect("RunPodSandbox", async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = Pod(value) }), Rejected);
            await Expect("RunPodSandbox(log_directory)", async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = Pod("ok", logDirectory: value.StartsWith('/') && !value.Contains('\0', StringComparison.Ordinal) ? "relative" : value) }), value.Length == 0 ? [StatusCode.OK] : Rejected);
            await Expect("RunPodSandbox(dns)", async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = Pod("dns", dns: value + "\nnameserver 192.0.2.1") }), Rejected);
            await Expect("RunPodSandbox(labels)", async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = Pod("labels", label: value) }), value.Length > 0 && value.Length < 1000 && !value.Contains('\0', StringComparison.Ordinal) ? [StatusCode.OK] : Rejected);
            await Expect("CreateContainer", async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = value, Config = Container(value, value), SandboxConfig = Pod("c") }), Unknown);
            await Expect("ListImages", async () => await _daemon.Images.ListImagesAsync(new ListImagesRequest { Filter = new ImageFilter { Image = new ImageSpec { Image = value } } }), [StatusCode.OK, StatusCode.InvalidArgument]);
            await Expect("ImageStatus", async () => await images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = value }, Verbose = true }), [StatusCode.OK, StatusCode.InvalidArgument]);
            await Expect("PullImage", async () => await images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = value }, Auth = new AuthConfig { Username = value, Password = value, ServerAddress = value } }), [StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.Unavailable]);
            await Expect("RemoveImage", async () => await images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = value } }), Idempotent);
        }

        // Sandboxes whose labels were acceptable were created: remove them before comparing the state.
        foreach (var pod in (await runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
        {
            await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
        }

        // Container requests that get past the sandbox lookup: a real, ready sandbox with hostile container fields.
        var podConfig = Pod("target");
        var sandbox = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = podConfig })).PodSandboxId;
        foreach (var (what, config) in HostileContainers())
        {
            await ExpectAsync(failures, $"CreateContainer({what})", async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = sandbox, Config = config, SandboxConfig = podConfig }), Rejected);
        }

        await runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox });
        await ExpectAsync(failures, "RunPodSandbox(missing config)", async () => await runtime.RunPodSandboxAsync(new RunPodSandboxRequest()), Rejected);
        await ExpectAsync(failures, "CreateContainer(missing config)", async () => await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = sandbox }), [.. Rejected, StatusCode.NotFound]);
        await ExpectAsync(failures, "UpdateRuntimeConfig(missing config)", async () => await runtime.UpdateRuntimeConfigAsync(new UpdateRuntimeConfigRequest()), [StatusCode.OK, StatusCode.InvalidArgument]);
        await ExpectAsync(failures, "PullImage(missing image)", async () => await images.PullImageAsync(new PullImageRequest()), Rejected);
        await ExpectAsync(failures, "ImageStatus(missing image)", async () => await images.ImageStatusAsync(new ImageStatusRequest()), [StatusCode.OK, StatusCode.InvalidArgument]);
        await ExpectAsync(failures, "RemoveImage(missing image)", async () => await images.RemoveImageAsync(new RemoveImageRequest()), [StatusCode.OK, StatusCode.InvalidArgument]);

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.False(Path.Exists(Outside), "a hostile path wrote outside the daemon's directories");
        Assert.Equal(before, await SnapshotAsync());
        Assert.False(_daemon.HasExited);
        Assert.Equal("criruntime", (await runtime.VersionAsync(new VersionRequest())).RuntimeName);
    }

    [Fact]
    public async Task Non_UTF8_strings_and_oversized_messages_get_a_status_not_a_crash()
    {
        var invoker = _daemon.Channel.CreateCallInvoker();
        var raw = new Marshaller<byte[]>(b => b, b => b);
        var failures = new List<string>();
        // Field 1 (the id, or PullImage's image spec holding field 1) as the bytes FF FE: not UTF-8.
        byte[] notUtf8 = [0x0a, 0x02, 0xff, 0xfe];
        foreach (var (service, rpc, body) in new[]
        {
            ("runtime.v1.RuntimeService", "ContainerStatus", notUtf8),
            ("runtime.v1.RuntimeService", "PodSandboxStatus", notUtf8),
            ("runtime.v1.RuntimeService", "RemoveContainer", notUtf8),
            ("runtime.v1.ImageService", "ImageStatus", new byte[] { 0x0a, 0x04, 0x0a, 0x02, 0xff, 0xfe }),
            ("runtime.v1.RuntimeService", "RunPodSandbox", new byte[] { 0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0xff, 0xfe }),
            ("runtime.v1.RuntimeService", "ListContainers", new byte[] { 0x0a, 0x03, 0xff, 0xff, 0xff }),
        })
        {
            var method = new Method<byte[], byte[]>(MethodType.Unary, service, rpc, raw, raw);
            await ExpectAsync(failures, $"{rpc}(non-UTF-8 or truncated)", async () => await invoker.AsyncUnaryCall(method, null, new CallOptions(), body), [StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.OK]);
        }

        // Past the documented 16 MiB limit the message is refused before it is parsed.
        var huge = new PodSandboxStatusRequest { PodSandboxId = new string('x', 17 * 1024 * 1024) };
        await ExpectAsync(failures, "PodSandboxStatus(17 MiB)", async () => await _daemon.Runtime.PodSandboxStatusAsync(huge), [StatusCode.ResourceExhausted]);

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal("criruntime", (await _daemon.Runtime.VersionAsync(new VersionRequest())).RuntimeName);
    }

    private static async Task ExpectAsync(List<string> failures, string what, Func<Task> call, StatusCode[] allowed)
    {
        StatusCode code;
        var detail = "";
        try
        {
            await call();
            code = StatusCode.OK;
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            detail = e.Status.Detail;
        }

        if (!allowed.Contains(code))
        {
            failures.Add($"{what}: {code} \"{Clip(detail)}\", expected {string.Join(" or ", allowed)}");
        }
        else if (code != StatusCode.OK && (detail.Length == 0 || detail.Length > 4096))
        {
            failures.Add($"{what}: {code} with a message of {detail.Length} characters");
        }
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private IEnumerable<(string What, ContainerConfig Config)> HostileContainers()
    {
        yield return ("log_path ../../outside", Container("esc", "x", logPath: "../../outside/escape.log"));
        yield return ("absolute log_path", Container("abs", "x", logPath: Path.Combine(Outside, "abs.log")));
        yield return ("NUL in log_path", Container("nul", "x", logPath: "a\0b.log"));
        yield return ("name over 253 bytes", Container(new string('n', 254), "x"));
        yield return ("name with /", Container("a/b", "x"));
        yield return ("10 MB annotation", WithAnnotation(Container("big", "x"), new string('v', TenMegabytes)));
        yield return ("100k labels", WithLabels(Container("many", "x"), 100_000));
        yield return ("NUL in args", WithArgs(Container("args", "x"), "a\0b"));
        yield return ("relative container_path", WithMount(Container("m1", "x"), Path.Combine(_dir, "vol"), "data"));
        yield return ("relative host_path", WithMount(Container("m2", "x"), "../outside/vol", "/data"));
        yield return ("NUL in host_path", WithMount(Container("m3", "x"), "/tmp/a\0b", "/data"));
        yield return ("empty name", Container("", "x"));
        yield return ("missing image", new ContainerConfig { Metadata = new ContainerMetadata { Name = "noimage" } });
        yield return ("missing metadata", new ContainerConfig { Image = new ImageSpec { Image = "x" } });
    }

    private static ContainerConfig WithAnnotation(ContainerConfig config, string value)
    {
        config.Annotations["big"] = value;
        return config;
    }

    private static ContainerConfig WithLabels(ContainerConfig config, int count)
    {
        for (var i = 0; i < count; i++)
        {
            config.Labels[$"label-{i}"] = "value-of-some-length";
        }

        return config;
    }

    private static ContainerConfig WithArgs(ContainerConfig config, string arg)
    {
        config.Args.Add(arg);
        return config;
    }

    private static ContainerConfig WithMount(ContainerConfig config, string hostPath, string containerPath)
    {
        config.Mounts.Add(new Mount { HostPath = hostPath, ContainerPath = containerPath });
        return config;
    }

    private PodSandboxConfig Pod(string name, string? logDirectory = null, string dns = "10.96.0.10", string label = "l") => new()
    {
        Metadata = new PodSandboxMetadata { Name = name, Namespace = "hostile", Uid = Guid.NewGuid().ToString("N") },
        Hostname = "hostile",
        LogDirectory = logDirectory ?? Path.Combine(_dir, "logs", Guid.NewGuid().ToString("N")),
        DnsConfig = new DNSConfig { Servers = { dns } },
        Labels = { [label] = label },
        Linux = new LinuxPodSandboxConfig { CgroupParent = PodHost.CgroupParent },
    };

    private static ContainerConfig Container(string name, string image, string logPath = "c.log")
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = image },
            LogPath = logPath,
        };
        config.Command.Add("/bin/true");
        return config;
    }

    /// <summary>What a caller can see of the state, plus the records on disk.</summary>
    private async Task<string> SnapshotAsync()
    {
        var pods = (await _daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items.Count;
        var containers = (await _daemon.Runtime.ListContainersAsync(new ListContainersRequest())).Containers.Count;
        var images = (await _daemon.Images.ListImagesAsync(new ListImagesRequest())).Images.Count;
        var records = Directory.Exists(Path.Combine(_dir, "root", "metadata"))
            ? string.Join(',', Directory.EnumerateFiles(Path.Combine(_dir, "root", "metadata"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            : "";
        return new StringBuilder().Append(pods).Append('/').Append(containers).Append('/').Append(images).Append('/').Append(records).ToString();
    }
}
