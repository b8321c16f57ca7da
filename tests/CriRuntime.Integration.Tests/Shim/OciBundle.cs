using System.Text.Json;

namespace CriRuntime.Integration.Tests.Shim;

/// <summary>An OCI bundle written by hand: config.json over the shared read-only busybox rootfs.</summary>
internal static class OciBundle
{
    public const string CgroupParent = "criruntime-shim-it";

    public static void Write(string bundleDir, string rootfs, string id, IReadOnlyList<string> args, bool terminal = false)
    {
        Directory.CreateDirectory(bundleDir);
        var config = $$"""
        {
          "ociVersion": "1.0.2",
          "process": {
            "terminal": {{(terminal ? "true" : "false")}},
            "user": { "uid": 0, "gid": 0 },
            "args": {{JsonSerializer.Serialize(args)}},
            "env": ["PATH=/bin", "HOME=/"],
            "cwd": "/",
            "noNewPrivileges": true
          },
          "root": { "path": {{JsonSerializer.Serialize(rootfs)}}, "readonly": true },
          "hostname": "shim-it",
          "mounts": [
            { "destination": "/proc", "type": "proc", "source": "proc" },
            { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] },
            { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"] },
            { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "size=16m"] }
          ],
          "linux": {
            "cgroupsPath": "/{{CgroupParent}}/{{id}}",
            "namespaces": [
              { "type": "pid" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }, { "type": "network" }
            ],
            "maskedPaths": ["/proc/kcore", "/sys/firmware"],
            "readonlyPaths": ["/proc/sys", "/proc/sysrq-trigger"]
          }
        }
        """;
        File.WriteAllText(Path.Combine(bundleDir, "config.json"), config);
    }

    /// <summary>Removes the container's cgroup directories under every v1 hierarchy (and v2's unified one).</summary>
    public static void RemoveCgroups(string id)
    {
        foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup"))
        {
            foreach (var dir in new[] { Path.Combine(hierarchy, CgroupParent, id), Path.Combine(hierarchy, CgroupParent) })
            {
                try
                {
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir);
                    }
                }
                catch (IOException)
                {
                    // Still in use by another test's container (the shared parent) or not yet empty.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
