using CriRuntime.Cli;
using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Networking;
using CriRuntime.Integration.Tests.Shim;
using Runtime.V1;

namespace CriRuntime.Cli.Tests.Fixtures;

/// <summary>
/// One criruntimed for the CLI tests (root: runc, the shim, the CNI tests' private bridge network with portmap, so
/// host ports answer on <see cref="CniTestNetwork.Gateway"/>), with busybox pushed to a loopback registry and pulled. <see cref="RunAsync"/> runs a command line in-process against it.
/// </summary>
public sealed class CliDaemon : IAsyncLifetime
{
    /// <summary>The cgroup parent of the tests' pods, as the integration tests use it.</summary>
    public const string CgroupParent = "/criruntime-it";

    private RegistryProcess? _registry;

    public DaemonProcess Daemon { get; private set; } = null!;

    public CniTestNetwork Network { get; } = new();

    public RegistryProcess Registry => _registry!;

    public string Image { get; private set; } = "";

    public string Dir { get; private set; } = "";

    public string Endpoint => "unix://" + Daemon.Socket;

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync();
        using (var push = new RegistryPusher(_registry.BaseUri))
        {
            await push.PushImageAsync("cli/busybox", new ImageBuilder().Layer(BusyboxLayer.Create().Build()), "1.0");
        }

        Image = $"{_registry.Host}/cli/busybox:1.0";
        Dir = Directory.CreateTempSubdirectory("criruntime-cli-").FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "cni"));
        await Network.InitializeAsync();
        await File.WriteAllTextAsync(Path.Combine(Dir, "cni", "10-cli.conflist"), Network.ConfList("crt-cli", Path.Combine(Dir, "ipam")));
        Daemon = await DaemonProcess.StartAsync($"""
            [runtime]
            shim_path = "{ShimBinary.Path}"
            """, Dir);
        await Daemon.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = Image } });
    }

    public async Task DisposeAsync()
    {
        if (Daemon is not null)
        {
            if (!Daemon.HasExited)
            {
                foreach (var pod in (await Daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest())).Items)
                {
                    await Daemon.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.Id });
                }
            }

            await Daemon.DisposeAsync();
        }

        await Network.DisposeAsync();
        _registry?.Dispose();
    }

    /// <summary>Runs <c>criruntime --runtime-endpoint this-daemon ARGS</c> in-process, as if stdout were a pipe.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAtAsync(Endpoint, args);

    /// <summary>Runs <c>criruntime --runtime-endpoint this-daemon ARGS</c> in-process with <paramref name="stdin"/> as standard input (a pipe).</summary>
    public Task<CliResult> RunWithInputAsync(byte[] stdin, params string[] args) => RunAtAsync(Endpoint, args, stdin: stdin);

    public static async Task<CliResult> RunAtAsync(string endpoint, string[] args, CancellationToken cancellationToken = default, byte[]? stdin = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var streams = StandardStreams.Over(stdout, stderr, new MemoryStream(stdin ?? []));
        var code = await CliApp.RunAsync(["--runtime-endpoint", endpoint, "--config", "/nonexistent/config.toml", .. args], stdout, stderr, terminal: false, cancellationToken, streams);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts a long-running command (events, logs -f, stats) in-process; its writers may be read while it runs.</summary>
    /// <param name="stdin">Standard input (a pipe the test writes to); none: empty.</param>
    public RunningCli Start(string[] args, CancellationToken cancellationToken, Stream? stdin = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var syncOut = TextWriter.Synchronized(stdout);
        var syncErr = TextWriter.Synchronized(stderr);
        var streams = StandardStreams.Over(syncOut, syncErr, stdin ?? Stream.Null);
        var task = Task.Run(() => CliApp.RunAsync(["--runtime-endpoint", Endpoint, "--config", "/nonexistent/config.toml", .. args], syncOut, syncErr, terminal: false, cancellationToken, streams), CancellationToken.None);
        return new RunningCli(task, () => { lock (syncOut) { return stdout.ToString(); } }, () => { lock (syncErr) { return stderr.ToString(); } });
    }

    /// <summary>A pod sandbox config in the tests' cgroup parent with its logs under the fixture's directory.</summary>
    public PodSandboxConfig PodConfig(string name, params (string Key, string Value)[] labels)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "cli-it", Uid = Guid.NewGuid().ToString("N") },
            Hostname = name,
            LogDirectory = Path.Combine(Dir, "logs", name),
            Linux = new LinuxPodSandboxConfig { CgroupParent = CgroupParent },
        };
        foreach (var (key, value) in labels)
        {
            config.Labels[key] = value;
        }

        return config;
    }

    /// <summary>A busybox container config running the command, logging to NAME.log.</summary>
    public ContainerConfig ContainerConfig(string name, string[] command, params (string Key, string Value)[] labels)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name },
            Image = new ImageSpec { Image = Image },
            LogPath = name + ".log",
        };
        config.Command.AddRange(command);
        foreach (var (key, value) in labels)
        {
            config.Labels[key] = value;
        }

        return config;
    }

    /// <summary>Runs a pod and starts these containers in it; returns the pod id and the container ids in order.</summary>
    public async Task<(string Pod, string[] Containers)> RunPodAsync(PodSandboxConfig pod, params ContainerConfig[] containers)
    {
        var runtime = Daemon.Runtime;
        var podId = (await runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = pod })).PodSandboxId;
        var ids = new List<string>();
        foreach (var container in containers)
        {
            var id = (await runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = podId, Config = container, SandboxConfig = pod })).ContainerId;
            await runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id });
            ids.Add(id);
        }

        return (podId, [.. ids]);
    }

    /// <summary>Waits (by the runtime's status) until a container has exited.</summary>
    public async Task WaitExitedAsync(string id)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await Daemon.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status.State == ContainerState.ContainerExited)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"container {id} did not exit");
    }
}

/// <summary>What a CLI run gave: its exit code and everything it wrote.</summary>
public sealed record CliResult(int Code, string Out, string Error)
{
    public override string ToString() => $"exit {Code}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>A command still running: its exit, and what it has written so far.</summary>
public sealed record RunningCli(Task<int> Exit, Func<string> Out, Func<string> Error)
{
    /// <summary>Waits (up to a minute) until stdout or stderr satisfies the condition, failing early if the command ends.</summary>
    public async Task WaitForAsync(Func<string, string, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition(Out(), Error()))
        {
            if (Exit.IsCompleted || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"criruntime ended or waited too long (exit {(Exit.IsCompleted ? Exit.Result : -1)}):\n{Out()}\n{Error()}");
            }

            await Task.Delay(20);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CliDaemonCollection : ICollectionFixture<CliDaemon>
{
    public const string Name = "criruntimed for the CLI";
}
