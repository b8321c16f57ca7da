using CriRuntime.Core.Configuration;
using CriRuntime.Server.Configuration;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Server.Tests.Configuration;

public sealed class ConfigFileLoaderTests
{
    private const string File = "/etc/criruntime/config.toml";

    [Fact]
    public void Missing_file_means_the_documented_defaults()
    {
        var config = ConfigFileLoader.Load("/nonexistent/criruntime/config.toml", FakeHostFiles.Shared);

        Assert.Equal("/run/criruntime/criruntime.sock", config.Listen);
        Assert.Equal("/var/lib/criruntime", config.Root);
        Assert.Equal("/run/criruntime", config.State);
        Assert.Equal("127.0.0.1:9101", config.MetricsAddress);
        Assert.Equal(LogLevelName.Info, config.LogLevel);
        Assert.Equal("runc", config.Runtime.DefaultHandler);
        Assert.Equal(["crun", "runc"], config.Runtime.Handlers.Keys.Order());
        Assert.Equal("/etc/cni/net.d", config.Cni.ConfDir);
        Assert.Equal(["/opt/cni/bin", "/usr/lib/cni"], config.Cni.BinDirs);
        Assert.Equal("/etc/criruntime/registries.d", config.Registry.ConfigDir);
    }

    [Fact]
    public void Every_section_is_read()
    {
        var config = ConfigFileLoader.Parse("""
            listen = "/tmp/x.sock"
            root = "/srv/root"
            state = "/srv/state"
            metrics_address = ""
            log_level = "debug"
            shutdown_timeout = "1m30s"

            [runtime]
            default_handler = "crun"
            cgroup_driver = "systemd"

            [runtime.handlers.crun]
            path = "/usr/bin/crun"

            [cni]
            conf_dir = "/srv/cni"
            bin_dirs = ["/a", "/b"]
            plugin_timeout = "5s"

            [registry]
            config_dir = "/srv/registries"
            max_concurrent_downloads = 8
            stall_timeout = "20s"

            [streaming]
            address = "127.0.0.1:10010"
            """, File);

        Assert.Equal("/tmp/x.sock", config.Listen);
        Assert.Equal("/srv/root", config.Root);
        Assert.Equal("", config.MetricsAddress);
        Assert.Equal(LogLevelName.Debug, config.LogLevel);
        Assert.Equal(TimeSpan.FromSeconds(90), config.ShutdownTimeout);
        Assert.Equal("crun", config.Runtime.DefaultHandler);
        Assert.Equal(CgroupDriver.Systemd, config.Runtime.CgroupDriver);
        Assert.Equal("/usr/bin/crun", Assert.Single(config.Runtime.Handlers).Value.Path);
        Assert.Equal(["/a", "/b"], config.Cni.BinDirs);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Cni.PluginTimeout);
        Assert.Equal(8, config.Registry.MaxConcurrentDownloads);
        Assert.Equal("127.0.0.1:10010", config.Streaming.Address);
    }

    [Theory]
    [InlineData("lisen = \"/x\"", "unknown key 'lisen'")]
    [InlineData("[runtime]\ncgroup_drivr = \"systemd\"", "unknown key 'runtime.cgroup_drivr'")]
    [InlineData("[runtime.handlers.runc]\npath = \"runc\"\nroot = \"/x\"", "unknown key 'runtime.handlers.runc.root'")]
    [InlineData("listen = 5", "key 'listen' must be a string, got the integer 5")]
    [InlineData("[registry]\nmax_concurrent_downloads = \"many\"", "key 'registry.max_concurrent_downloads' must be an integer")]
    [InlineData("[registry]\nmax_concurrent_downloads = 0", "key 'registry.max_concurrent_downloads' must be between 1 and 64, got 0")]
    [InlineData("log_level = \"loud\"", "key 'log_level' must be one of trace, debug, info, warn, error, got \"loud\"")]
    [InlineData("[runtime]\ncgroup_driver = \"systemdd\"", "key 'runtime.cgroup_driver' must be one of cgroupfs, systemd")]
    [InlineData("shutdown_timeout = \"ten\"", "key 'shutdown_timeout' must be a duration")]
    [InlineData("root = \"relative/dir\"", "key 'root' must be an absolute path")]
    [InlineData("metrics_address = \"localhost\"", "key 'metrics_address' must be host:port")]
    [InlineData("[runtime]\ndefault_handler = \"kata\"", "key 'runtime.default_handler' names handler \"kata\"")]
    [InlineData("runtime = 3", "key 'runtime' must be a table")]
    [InlineData("[cni]\nbin_dirs = [1, 2]", "key 'cni.bin_dirs' must be an array of strings")]
    [InlineData("listen = ", "invalid TOML")]
    [InlineData("[streaming]\nmax_connections = 1", "key 'streaming.max_connections' must be between 2 and 65536, got 1")]
    [InlineData("[streaming]\nmax_sessions = 8\nmax_connections = 8", "key 'streaming.max_connections' (8) must be larger than 'streaming.max_sessions' (8)")]
    public void Bad_config_is_one_line_naming_the_key_and_the_file(string toml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigFileLoader.Parse(toml, File));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"config {File}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Streaming_connections_default_to_1024_and_at_least_4_per_session()
    {
        Assert.Equal(1024, ConfigFileLoader.Parse("[streaming]\nmax_sessions = 64", File).Streaming.MaxConnections);
        Assert.Equal(4000, ConfigFileLoader.Parse("[streaming]\nmax_sessions = 1000", File).Streaming.MaxConnections);
        Assert.Equal(100, ConfigFileLoader.Parse("[streaming]\nmax_sessions = 10\nmax_connections = 100", File).Streaming.MaxConnections);
    }
}
