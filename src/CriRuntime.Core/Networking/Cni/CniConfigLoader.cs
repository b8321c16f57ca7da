using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Networking.Cni;

/// <summary>A file of the config dir that was not used, and why.</summary>
public sealed record SkippedConfig(string Path, string Reason);

/// <summary>What a scan of the config dir found: the network to use (the first valid one) and the files passed over.</summary>
public sealed record CniConfigLoadResult(CniNetworkConfigList? Network, IReadOnlyList<SkippedConfig> Skipped, string Message);

/// <summary>
/// Reads the CNI config dir the way kubelet-era runtimes do: files ending in .conflist, .conf or .json, in lexical
/// (ordinal) order of their names; the first that parses and validates is the network. Single-plugin files are
/// wrapped as lists. Files that fail are skipped with a reason, so one broken file does not hide a good one.
/// </summary>
public static class CniConfigLoader
{
    private static readonly string[] Extensions = [".conflist", ".conf", ".json"];

    public static CniConfigLoadResult Load(string dir, IHostFiles hostFiles)
    {
        if (!hostFiles.DirectoryExists(dir))
        {
            return new CniConfigLoadResult(null, [], $"Network plugin returns error: no CNI network configuration found in {dir} (the directory does not exist)");
        }

        string[] files;
        try
        {
            files = [.. hostFiles.EnumerateFiles(dir)
                .Where(static f => Extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CniConfigLoadResult(null, [], $"cannot read CNI config dir {dir}: {e.Message}");
        }

        var skipped = new List<SkippedConfig>();
        foreach (var file in files)
        {
            try
            {
                var text = hostFiles.ReadAllText(file);
                var network = Path.GetExtension(file) == ".conflist"
                    ? CniNetworkConfigList.ParseList(text, file)
                    : CniNetworkConfigList.ParseSingle(text, file);
                return new CniConfigLoadResult(network, skipped, "");
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedConfig(file, e.Message));
            }
        }

        var message = $"Network plugin returns error: no CNI network configuration found in {dir}";
        if (skipped.Count > 0)
        {
            message += $"; skipped: {string.Join("; ", skipped.Select(static s => $"{Path.GetFileName(s.Path)}: {s.Reason}"))}";
        }

        return new CniConfigLoadResult(null, skipped, message);
    }
}
