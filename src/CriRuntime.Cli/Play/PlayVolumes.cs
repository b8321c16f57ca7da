using System.Globalization;
using k8s.Models;

namespace CriRuntime.Cli.Play;

/// <summary>
/// The host side of a pod's volumes: an emptyDir is a new directory, a configMap a directory of its keys' files
/// (read-only in the container), a hostPath the host's path checked or created as its <c>type</c> says.
/// </summary>
internal static class PlayVolumes
{
    /// <summary>Makes the volumes under <paramref name="directory"/>; returns each volume's host path by name.</summary>
    public static Dictionary<string, string> Prepare(PlayPod pod, IReadOnlyDictionary<string, V1ConfigMap> configMaps, string directory)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            paths[volume.Name] = volume switch
            {
                { EmptyDir: not null } => Directory.CreateDirectory(Path.Combine(directory, "empty-dir", volume.Name)).FullName,
                { ConfigMap: { } source } => WriteConfigMap(source, configMaps.GetValueOrDefault(source.Name ?? ""), Path.Combine(directory, "config-map", volume.Name)),
                { HostPath: { } host } => CheckHostPath(pod, volume.Name, host),
                _ => throw new CliException(ExitCodes.Usage, $"{pod.Source}: volume {volume.Name} has no supported source"),
            };
        }

        return paths;
    }

    private static string WriteConfigMap(V1ConfigMapVolumeSource source, V1ConfigMap? map, string directory)
    {
        Directory.CreateDirectory(directory);
        var data = map?.Data ?? new Dictionary<string, string>();
        var items = source.Items is { Count: > 0 } chosen
            ? chosen.Select(i => (i.Key, Path: i.Path, Mode: i.Mode ?? source.DefaultMode))
            : data.Keys.Select(k => (Key: k, Path: k, Mode: source.DefaultMode));
        foreach (var (key, relative, mode) in items)
        {
            if (Path.IsPathRooted(relative) || relative.Split('/').Contains("..") || !data.TryGetValue(key, out var value))
            {
                throw CliException.Usage($"configMap {source.Name}: item {key} -> {relative}: the key must exist and the path be relative, without ..");
            }

            var file = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, value);
            File.SetUnixFileMode(file, (UnixFileMode)(mode ?? Convert.ToInt32("644", 8)));
        }

        return directory;
    }

    private static string CheckHostPath(PlayPod pod, string name, V1HostPathVolumeSource host)
    {
        var path = host.Path ?? "";
        if (!Path.IsPathRooted(path))
        {
            throw CliException.Usage($"{pod.Source}: volume {name}: hostPath.path \"{path}\" must be absolute");
        }

        var ok = (host.Type ?? "") switch
        {
            "" => true,
            "DirectoryOrCreate" => Directory.CreateDirectory(path).Exists,
            "Directory" => Directory.Exists(path),
            "FileOrCreate" => File.Exists(path) || Create(path),
            "File" => File.Exists(path),
            "Socket" or "CharDevice" or "BlockDevice" => File.Exists(path),
            var other => throw CliException.Usage($"{pod.Source}: volume {name}: hostPath.type \"{other}\" is not a Kubernetes host path type"),
        };
        return ok ? path : throw new CliException(ExitCodes.NotFound, string.Create(CultureInfo.InvariantCulture, $"{pod.Source}: volume {name}: hostPath {path} is not a {host.Type}"));
    }

    private static bool Create(string path)
    {
        File.WriteAllBytes(path, []);
        return true;
    }
}
