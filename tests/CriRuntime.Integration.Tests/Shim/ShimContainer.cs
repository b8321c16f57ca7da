using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CriRuntime.Integration.Tests.Shim;

/// <summary>
/// One container run through <c>criruntime-shim run</c> with the real runc. Dispose cleans up by id and PID only:
/// <c>runc delete -f ID</c>, the container's cgroups, the monitor if it still runs, and the directory.
/// </summary>
internal sealed class ShimContainer : IDisposable
{
    private readonly ShimFixture _fixture;

    private ShimContainer(ShimFixture fixture, string id)
    {
        _fixture = fixture;
        Id = id;
        Dir = Directory.CreateDirectory(Path.Combine(fixture.Dir, id)).FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "logs"));
    }

    public string Id { get; }

    public string Dir { get; }

    public string Bundle => Path.Combine(Dir, "bundle");

    public string Log => Path.Combine(Dir, "logs", "c.log");

    public string ExitFile => Path.Combine(Dir, "exit.json");

    public string Socket => Path.Combine(Dir, "ctl.sock");

    public string PidFile => Path.Combine(Dir, "pid");

    /// <summary>The monitor's PID, as the launcher printed it.</summary>
    public int MonitorPid { get; private set; }

    public static ShimContainer Create(ShimFixture fixture, IReadOnlyList<string> args, bool terminal = false)
    {
        var container = new ShimContainer(fixture, "shim-it-" + Guid.NewGuid().ToString("N")[..12]);
        OciBundle.Write(container.Bundle, fixture.Rootfs, container.Id, args, terminal);
        return container;
    }

    public string[] RunArguments(bool tty = false)
    {
        string[] args =
        [
            "run", "--id", Id, "--bundle", Bundle, "--runtime", _fixture.Runc, "--runtime-root", _fixture.RuntimeRoot,
            "--log", Log, "--exit-file", ExitFile, "--socket", Socket, "--pid-file", PidFile,
        ];
        return tty ? [.. args, "--tty"] : args;
    }

    /// <summary>Runs the daemon-facing invocation; it returns once the monitor is ready (or failed).</summary>
    public (int Code, string Output) Launch(bool tty = false)
    {
        var (code, output) = Commands.Run(_fixture.Shim, RunArguments(tty));
        if (code == 0)
        {
            MonitorPid = int.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }

        return (code, output);
    }

    public void AdoptMonitor(int pid) => MonitorPid = pid;

    public void Start() => Commands.Check(_fixture.Runc, "--root", _fixture.RuntimeRoot, "start", Id);

    public void Kill(string signal) => Commands.Check(_fixture.Runc, "--root", _fixture.RuntimeRoot, "kill", Id, signal);

    public JsonElement WaitForExitFile(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!File.Exists(ExitFile))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no exit file; log so far:\n{ReadLog()}");
            }

            Thread.Sleep(20);
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(ExitFile));
        return json.RootElement.Clone();
    }

    public string ReadLog(string? path = null) => File.Exists(path ?? Log) ? File.ReadAllText(path ?? Log) : string.Empty;

    /// <summary>Sends one request line and returns the answer line.</summary>
    public JsonElement Control(string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(Socket));
        socket.Send(Encoding.UTF8.GetBytes(request + "\n"));
        var answer = new List<byte>();
        var buffer = new byte[512];
        socket.ReceiveTimeout = 5000;
        while (!answer.Contains((byte)'\n'))
        {
            var n = socket.Receive(buffer);
            if (n == 0)
            {
                break;
            }

            answer.AddRange(buffer.AsSpan(0, n));
        }

        using var json = JsonDocument.Parse(answer.ToArray());
        return json.RootElement.Clone();
    }

    /// <summary>True while the monitor runs (a zombie waiting for its reaper counts as gone).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static bool WaitGone(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    public void Dispose()
    {
        _ = Commands.Run(_fixture.Runc, ["--root", _fixture.RuntimeRoot, "delete", "-f", Id]);
        if (MonitorPid > 0 && !WaitGone(MonitorPid, TimeSpan.FromSeconds(5)) && IsShim(MonitorPid))
        {
            _ = Commands.Run("kill", ["-KILL", MonitorPid.ToString(CultureInfo.InvariantCulture)]);
        }

        OciBundle.RemoveCgroups(Id);
        Directory.Delete(Dir, recursive: true);
    }

    private static bool IsShim(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "criruntime-shim";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
