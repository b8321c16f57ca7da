using System.Net;
using CriRuntime.Core.Configuration;

namespace CriRuntime.Server.Configuration;

/// <summary>Checks that hold whatever set a value (file or flag): the source is named in the error.</summary>
internal static class ConfigValidator
{
    public static DaemonConfig Validate(DaemonConfig config, string source)
    {
        RequireAbsolute(config.Listen, "listen", source);
        RequireAbsolute(config.Root, "root", source);
        RequireAbsolute(config.State, "state", source);
        RequireAbsolute(config.Cni.ConfDir, "cni.conf_dir", source);
        RequireAbsolute(config.Registry.ConfigDir, "registry.config_dir", source);
        if (config.MetricsAddress.Length > 0 && !TryParseEndpoint(config.MetricsAddress, out _))
        {
            throw new ConfigException($"config {source}: key 'metrics_address' must be host:port with an IP address, or empty to turn metrics off, got \"{config.MetricsAddress}\"");
        }

        if (!TryParseEndpoint(config.Streaming.Address, out _))
        {
            throw new ConfigException($"config {source}: key 'streaming.address' must be host:port with an IP address, got \"{config.Streaming.Address}\"");
        }

        if (config.Streaming.MaxConnections <= config.Streaming.MaxSessions)
        {
            throw new ConfigException($"config {source}: key 'streaming.max_connections' ({config.Streaming.MaxConnections}) must be larger than 'streaming.max_sessions' ({config.Streaming.MaxSessions})");
        }

        return config;
    }

    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint) =>
        IPEndPoint.TryParse(text, out endpoint!) && text.Contains(':', StringComparison.Ordinal) && text[^1] != ':';

    private static void RequireAbsolute(string path, string key, string source)
    {
        if (!Path.IsPathRooted(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ConfigException($"config {source}: key '{key}' must be an absolute path, got \"{path}\"");
        }
    }
}
