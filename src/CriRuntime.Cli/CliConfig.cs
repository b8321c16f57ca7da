using CriRuntime.Core.Configuration;
using Tomlyn.Model;

namespace CriRuntime.Cli;

/// <summary>
/// The few daemon settings the CLI needs, read from the daemon's config.toml: its socket (<c>listen</c>) and the
/// registry configuration directory (named in pull errors). A missing file means the daemon's defaults.
/// </summary>
internal sealed record CliConfig(string Listen, string RegistryConfigDir)
{
    /// <summary>The daemon's configuration file.</summary>
    public const string DefaultPath = "/etc/criruntime/config.toml";

    /// <summary>The daemon's default socket.</summary>
    public const string DefaultListen = "/run/criruntime/criruntime.sock";

    /// <summary>The daemon's default registry configuration directory.</summary>
    public const string DefaultRegistryConfigDir = "/etc/criruntime/registries.d";

    public static CliConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return new CliConfig(DefaultListen, DefaultRegistryConfigDir);
        }

        TomlTable table;
        try
        {
            table = TomlText.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read {path}: {e.Message.Split('\n')[0]}; fix the file or pass --runtime-endpoint");
        }

        var listen = table.TryGetValue("listen", out var l) && l is string s && s.Length > 0 ? s : DefaultListen;
        var registryDir = table.TryGetValue("registry", out var r) && r is TomlTable registry
            && registry.TryGetValue("config_dir", out var d) && d is string dir && dir.Length > 0 ? dir : DefaultRegistryConfigDir;
        return new CliConfig(listen, registryDir);
    }
}
