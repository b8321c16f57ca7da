using CriRuntime.Core.Configuration;
using CriRuntime.Core.Stores;
using Tomlyn.Model;

namespace CriRuntime.Server.Configuration;

/// <summary>
/// Loads config.toml into a <see cref="DaemonConfig"/>. A missing file means the defaults; anything
/// the schema does not know, a wrong type or an invalid value is a <see cref="ConfigException"/>.
/// </summary>
internal static class ConfigFileLoader
{
    public const string DefaultPath = "/etc/criruntime/config.toml";

    public static DaemonConfig Load(string path, IHostFiles files)
    {
        if (!files.FileExists(path))
        {
            return ConfigValidator.Validate(new DaemonConfig(), path);
        }

        string text;
        try
        {
            text = files.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config {path}: cannot read: {e.Message}");
        }

        return Parse(text, path);
    }

    public static DaemonConfig Parse(string text, string path)
    {
        TomlTable table;
        try
        {
            table = TomlText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException($"config {path}: invalid TOML: {e.Message}");
        }

        var root = new TomlTableReader(table, path);
        var defaults = new DaemonConfig();
        var config = new DaemonConfig
        {
            Listen = root.String("listen", defaults.Listen),
            Root = root.String("root", defaults.Root),
            State = root.String("state", defaults.State),
            MetricsAddress = root.String("metrics_address", defaults.MetricsAddress),
            LogLevel = root.Enum("log_level", defaults.LogLevel),
            ShutdownTimeout = root.Duration("shutdown_timeout", defaults.ShutdownTimeout),
            Runtime = ReadRuntime(root.Table("runtime"), defaults.Runtime),
            Cni = ReadCni(root.Table("cni"), defaults.Cni),
            Cdi = ReadCdi(root.Table("cdi"), defaults.Cdi),
            Registry = ReadRegistry(root.Table("registry"), defaults.Registry),
            Images = ReadImages(root.Table("images"), defaults.Images),
            Streaming = ReadStreaming(root.Table("streaming"), defaults.Streaming),
        };
        root.EnsureAllKeysKnown();
        return ConfigValidator.Validate(config, path);
    }

    private static RuntimeSection ReadRuntime(TomlTableReader? t, RuntimeSection d)
    {
        if (t is null)
        {
            return d;
        }

        var handlers = d.Handlers;
        if (t.Table("handlers") is { } handlerTable)
        {
            var map = new Dictionary<string, RuntimeHandlerConfig>(StringComparer.Ordinal);
            foreach (var (name, h) in handlerTable.NamedTables())
            {
                map[name] = new RuntimeHandlerConfig
                {
                    Path = h.String("path", name),
                    RuntimeRoot = h.String("runtime_root", ""),
                };
                h.EnsureAllKeysKnown();
            }

            handlers = map;
        }

        var section = new RuntimeSection
        {
            DefaultHandler = t.String("default_handler", d.DefaultHandler),
            CgroupDriver = t.Enum("cgroup_driver", d.CgroupDriver),
            ShimPath = t.String("shim_path", d.ShimPath),
            Handlers = handlers,
        };
        t.EnsureAllKeysKnown();
        if (!section.Handlers.ContainsKey(section.DefaultHandler))
        {
            throw t.Invalid("default_handler", $"names handler \"{section.DefaultHandler}\", which is not under [runtime.handlers]");
        }

        return section;
    }

    private static CniSection ReadCni(TomlTableReader? t, CniSection d)
    {
        if (t is null)
        {
            return d;
        }

        var section = new CniSection
        {
            ConfDir = t.String("conf_dir", d.ConfDir),
            BinDirs = t.StringList("bin_dirs", d.BinDirs),
            PluginTimeout = t.Duration("plugin_timeout", d.PluginTimeout),
        };
        t.EnsureAllKeysKnown();
        return section;
    }

    private static CdiSection ReadCdi(TomlTableReader? t, CdiSection d)
    {
        if (t is null)
        {
            return d;
        }

        var section = new CdiSection { SpecDirs = t.StringList("spec_dirs", d.SpecDirs) };
        t.EnsureAllKeysKnown();
        return section;
    }

    private static RegistrySection ReadRegistry(TomlTableReader? t, RegistrySection d)
    {
        if (t is null)
        {
            return d;
        }

        var section = new RegistrySection
        {
            ConfigDir = t.String("config_dir", d.ConfigDir),
            MaxConcurrentDownloads = t.Int("max_concurrent_downloads", d.MaxConcurrentDownloads, 1, 64),
            StallTimeout = t.Duration("stall_timeout", d.StallTimeout),
        };
        t.EnsureAllKeysKnown();
        return section;
    }

    private static ImageSection ReadImages(TomlTableReader? t, ImageSection d)
    {
        if (t is null)
        {
            return d;
        }

        var section = new ImageSection { Snapshotter = t.String("snapshotter", d.Snapshotter) };
        t.EnsureAllKeysKnown();
        if (section.Snapshotter != "overlayfs")
        {
            throw t.Invalid("snapshotter", $"must be \"overlayfs\", got \"{section.Snapshotter}\"");
        }

        return section;
    }

    private static StreamingSection ReadStreaming(TomlTableReader? t, StreamingSection d)
    {
        if (t is null)
        {
            return d;
        }

        var maxSessions = t.Int("max_sessions", d.MaxSessions, 1, 4096);
        var section = new StreamingSection
        {
            Address = t.String("address", d.Address),
            TokenTtl = t.Duration("token_ttl", d.TokenTtl),
            MaxSessions = maxSessions,
            IdleTimeout = t.Duration("idle_timeout", d.IdleTimeout),
            HandshakeTimeout = t.Duration("handshake_timeout", d.HandshakeTimeout),
            MaxConnections = t.Int("max_connections", Math.Max(d.MaxConnections, 4 * maxSessions), 2, 65536),
        };
        t.EnsureAllKeysKnown();
        return section;
    }
}
