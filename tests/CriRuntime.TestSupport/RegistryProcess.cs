using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CriRuntime.TestSupport;

/// <summary>
/// Debian's docker-registry on a free loopback port with its storage in a temporary directory, optionally behind
/// htpasswd basic auth. Killed by PID and its directory deleted on dispose.
/// </summary>
public sealed class RegistryProcess : IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    private readonly Process _process;

    private RegistryProcess(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    public static bool Available => File.Exists(Binary);

    public static async Task<RegistryProcess> StartAsync(string? htpasswd = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("criruntime-registry-").FullName;
        var port = FreePort();
        var auth = "";
        if (htpasswd is not null)
        {
            var path = Path.Combine(directory, "htpasswd");
            await File.WriteAllTextAsync(path, htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: test-registry\n    path: {path}\n";
        }

        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {directory}/storage
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            {auth}
            """);
        var start = new ProcessStartInfo(Binary, ["serve", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new RegistryProcess(process, directory, port);
        using var client = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(registry.BaseUri, "/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return registry;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        registry.Dispose();
        throw new InvalidOperationException("docker-registry did not become ready");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
