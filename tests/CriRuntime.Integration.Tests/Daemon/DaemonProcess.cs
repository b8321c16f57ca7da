using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>
/// The real criruntimed executable on a temporary socket, root, state and CNI dir, with a gRPC channel to it.
/// Everything it creates lives under one temporary directory that Dispose removes; the process is killed by PID.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private GrpcChannel? _channel;

    private DaemonProcess(Process process, string dir, int metricsPort)
    {
        _process = process;
        Dir = dir;
        MetricsPort = metricsPort;
    }

    public string Dir { get; }

    public string Socket => Path.Combine(Dir, "criruntime.sock");

    public string CniConfDir => Path.Combine(Dir, "cni");

    public int MetricsPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public GrpcChannel Channel => _channel ??= CriChannels.Open(Socket);

    public Runtime.V1.RuntimeService.RuntimeServiceClient Runtime => new(Channel);

    public Runtime.V1.ImageService.ImageServiceClient Images => new(Channel);

    /// <summary>
    /// Starts a daemon and waits until it serves; extraToml is appended to the generated config, environment is added
    /// to the daemon's.
    /// </summary>
    public static async Task<DaemonProcess> StartAsync(string extraToml = "", string? dir = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        dir ??= Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        var metricsPort = FreeTcpPort();
        var configPath = Path.Combine(dir, "config.toml");
        await File.WriteAllTextAsync(configPath, $"""
            root = "{dir}/root"
            state = "{dir}/state"
            metrics_address = "127.0.0.1:{metricsPort}"
            log_level = "debug"
            shutdown_timeout = "5s"
            {extraToml}

            [cni]
            conf_dir = "{dir}/cni"

            [cdi]
            spec_dirs = ["{dir}/cdi"]

            [registry]
            config_dir = "{dir}/registries.d"
            """);
        var daemon = Launch(dir, metricsPort, environment, "--config", configPath, "--listen", Path.Combine(dir, "criruntime.sock"));
        try
        {
            await daemon.WaitUntilServingAsync();
        }
        catch
        {
            // The caller gets no daemon to dispose: one left running would hold its inotify instances and cgroups.
            if (!daemon._process.HasExited)
            {
                daemon._process.Kill();
            }

            throw;
        }

        return daemon;
    }

    /// <summary>
    /// A daemon for pod tests over <paramref name="dir"/>: the published shim and a loopback-only CNI network in
    /// <c>DIR/cni</c> (written unless there already). Starting again over the same dir is a daemon restart.
    /// </summary>
    public static async Task<DaemonProcess> StartForPodsAsync(string dir, IReadOnlyDictionary<string, string>? environment = null)
    {
        var cni = Path.Combine(dir, "cni", "10-lo.conflist");
        if (!File.Exists(cni))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cni)!);
            await File.WriteAllTextAsync(cni, """{"cniVersion":"1.0.0","name":"lo","plugins":[{"type":"loopback"}]}""");
        }

        return await StartAsync($"""
            [runtime]
            shim_path = "{Shim.ShimBinary.Path}"
            """, dir, environment);
    }

    /// <summary>Runs the executable with these arguments and no waiting, for start-up failure tests.</summary>
    public static DaemonProcess Launch(string dir, int metricsPort, params string[] args) => Launch(dir, metricsPort, null, args);

    private static DaemonProcess Launch(string dir, int metricsPort, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(DaemonBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var daemon = new DaemonProcess(process, dir, metricsPort);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>
    /// The exit code, or a <see cref="TimeoutException"/> that says why the daemon is still there: its signal masks
    /// (is SIGINT or SIGTERM ignored, blocked or caught?), each thread's state and kernel wait channel, and its log.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"criruntimed ({_process.Id}) still runs after {timeout.TotalSeconds} s\n{ProcessState(_process.Id)}\nlog:\n{Output}");
        }

        return _process.ExitCode;
    }

    private static string ProcessState(int pid)
    {
        var state = new StringBuilder();
        try
        {
            foreach (var line in File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal) || l.StartsWith("State", StringComparison.Ordinal)))
            {
                state.AppendLine(line);
            }

            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var afterName = stat.LastIndexOf(')');
                state.Append(Path.GetFileName(task)).Append(' ').Append(File.ReadAllText(Path.Combine(task, "comm")).Trim())
                    .Append(" state ").Append(stat[(afterName + 2)..(afterName + 3)])
                    .Append(" wchan ").AppendLine(File.ReadAllText(Path.Combine(task, "wchan")));
            }
        }
        catch (IOException e)
        {
            state.AppendLine("(reading /proc: " + e.Message + ")");
        }

        return state.ToString();
    }

    public void Signal(int signal)
    {
        if (Tmds.Linux.LibC.kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A mount left by a failing test keeps the directory; the test's own assertion says why.
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until the daemon serves, failing when it exits first, spends 30 s of its own CPU time without serving (a
    /// start that works instead of waiting is a bug), or has not served after 10 minutes (a hang). Wall time alone is
    /// not the limit: on a loaded 2-core machine a healthy start waits for the CPU far longer than it runs.
    /// </summary>
    private async Task WaitUntilServingAsync()
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"criruntimed exited with {_process.ExitCode} before serving:\n{Output}");
            }

            if (Output.Contains("serving CRI on", StringComparison.Ordinal))
            {
                return;
            }

            var cpu = _process.TotalProcessorTime;
            if (cpu > TimeSpan.FromSeconds(30) || started.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"criruntimed did not serve after {started.Elapsed.TotalSeconds:F0} s ({cpu.TotalSeconds:F1} s of CPU):\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
