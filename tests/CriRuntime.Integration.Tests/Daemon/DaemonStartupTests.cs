using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Daemon;

/// <summary>Start-up and shutdown of the real executable: the contract operators and systemd rely on.</summary>
public sealed class DaemonStartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_exits_zero_and_removes_the_socket()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        Assert.True(File.Exists(daemon.Socket));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(daemon.Socket));

        daemon.Signal(Tmds.Linux.LibC.SIGTERM);

        Assert.Equal(0, await daemon.WaitForExitAsync(ExitTimeout));
        Assert.False(File.Exists(daemon.Socket));
    }

    [Fact]
    public async Task The_daemon_holds_only_its_exit_and_cni_watches_of_the_users_128_inotify_instances()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        await using var daemon = await DaemonProcess.StartForPodsAsync(dir);
        // The CNI watch begins with the first network status.
        Assert.True((await daemon.Runtime.StatusAsync(new StatusRequest())).Status.Conditions.Single(c => c.Type == "NetworkReady").Status);

        // fs.inotify.max_user_instances counts every root process's instances together; the ASP.NET host's
        // appsettings.json watch once made starts fail when parallel daemons used them up.
        var inotify = Directory.GetFiles($"/proc/{daemon.Pid}/fd")
            .Count(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify");
        Assert.Equal(2, inotify);
    }

    [Fact]
    public async Task Sigint_exits_zero_too()
    {
        await using var daemon = await DaemonProcess.StartAsync();

        daemon.Signal(Tmds.Linux.LibC.SIGINT);

        Assert.Equal(0, await daemon.WaitForExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task A_second_daemon_on_the_same_socket_refuses_to_start()
    {
        await using var first = await DaemonProcess.StartAsync();
        var dir = Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        await using var second = DaemonProcess.Launch(dir, DaemonProcess.FreeTcpPort(), "--config", Path.Combine(dir, "none.toml"), "--listen", first.Socket, "--root", dir + "/root", "--state", dir + "/state", "--metrics-address", "");

        Assert.Equal(1, await second.WaitForExitAsync(ExitTimeout));
        Assert.Contains($"another process is already serving on {first.Socket}", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited);
        Assert.True(File.Exists(first.Socket));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        var socket = Path.Combine(dir, "criruntime.sock");
        StaleSocket.Create(socket);

        Assert.True(File.Exists(socket));
        await using var daemon = await DaemonProcess.StartAsync(dir: dir);

        var version = await daemon.Runtime.VersionAsync(new Runtime.V1.VersionRequest());
        Assert.Equal("criruntime", version.RuntimeName);
    }

    [Fact]
    public async Task A_regular_file_at_the_socket_path_is_not_replaced()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        var path = Path.Combine(dir, "precious.txt");
        await File.WriteAllTextAsync(path, "keep");
        await using var daemon = DaemonProcess.Launch(dir, 0, "--config", Path.Combine(dir, "none.toml"), "--listen", path, "--metrics-address", "", "--root", dir + "/root", "--state", dir + "/state");

        Assert.Equal(1, await daemon.WaitForExitAsync(ExitTimeout));
        Assert.Contains("is not a socket", daemon.Output, StringComparison.Ordinal);
        Assert.Equal("keep", await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("[runtime]\ncgroup_driver = \"nope\"", "key 'runtime.cgroup_driver' must be one of cgroupfs, systemd")]
    [InlineData("unknown_thing = 1", "unknown key 'unknown_thing'")]
    public async Task A_bad_config_exits_2_naming_the_key_and_the_file(string toml, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-it-").FullName;
        var config = Path.Combine(dir, "config.toml");
        await File.WriteAllTextAsync(config, toml);
        await using var daemon = DaemonProcess.Launch(dir, 0, "--config", config, "--listen", dir + "/s.sock");

        Assert.Equal(2, await daemon.WaitForExitAsync(ExitTimeout));
        var line = Assert.Single(daemon.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"config {config}: {expected}", line, StringComparison.Ordinal);
        Assert.False(File.Exists(dir + "/s.sock"));
    }
}
