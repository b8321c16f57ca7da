using System.Diagnostics;
using CriRuntime.Linux.Interop;
using CriRuntime.Linux.Processes;

namespace CriRuntime.Linux.Namespaces;

/// <summary>
/// Whether the kernel id-maps mounts of the file system holding a directory: an <c>open_tree</c> clone of it gets
/// <c>mount_setattr(MOUNT_ATTR_IDMAP)</c> with the user namespace of a throw-away <c>unshare --user</c> process
/// (util-linux; the daemon is multi-threaded and cannot create a user namespace itself), as critest checks.
/// </summary>
public static class IdmapMountProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Null when every existing directory from / to <paramref name="directory"/> lets other users search it (o+x);
    /// else the first that does not. A container's root in a user namespace is an unprivileged host id, and the OCI
    /// runtime reaches its root filesystem and the pod's files under the daemon's state directory with it.
    /// </summary>
    public static string? UnsearchableAncestor(string directory)
    {
        for (var dir = Path.GetFullPath(directory); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir) && (File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                return $"{dir} is not searchable by other users (mode o+x), as the ids of a pod's user namespace need";
            }
        }

        return null;
    }

    /// <summary>Null when id-mapped mounts work under <paramref name="directory"/> (created if missing); else why not.</summary>
    public static async Task<string?> CheckAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("unshare", ["--user", "--map-root-user", "sh", "-c", "echo ready; read line"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"cannot run unshare: {e.Message}";
        }

        using (process)
        {
            using var stdio = process.OwnStdio();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                // unshare writes the id maps before it runs the command: once it speaks, the namespace is complete.
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line != "ready")
                {
                    return $"unshare --user failed: {(await process.StandardError.ReadToEndAsync(timeout.Token)).Trim()}";
                }

                using var userNamespace = Native.OpenReadOnly($"/proc/{process.Id}/ns/user");
                using var tree = Native.OpenTreeClone(directory);
                Native.MountSetattrIdmap(tree, userNamespace, directory);
                return null;
            }
            catch (NativeException e)
            {
                return e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return "unshare --user did not answer in time";
            }
            finally
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(Timeout))
                {
                    process.Kill();
                }
            }
        }
    }
}
