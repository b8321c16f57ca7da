using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Containers;

/// <summary>
/// The check runc's <c>create</c> makes before it reports a container created (Go's <c>exec.LookPath</c> of
/// <c>process.args[0]</c> inside the container): CreateContainer does not run the OCI runtime (StartContainer does,
/// as containerd's), so the daemon makes it on the root filesystem it mounted, and a missing command stays
/// CreateContainer's NotFound. A command that a mount could provide is left to the runtime.
/// </summary>
internal static class CommandLookup
{
    /// <summary>Throws NotFound naming the command when no candidate path exists in the root filesystem.</summary>
    public static void Check(string rootfs, OciSpec spec, IHostFiles files)
    {
        if (spec.Process.Args is not [var command, ..] || command.Length == 0)
        {
            return;
        }

        var cwd = spec.Process.Cwd.Length > 0 ? spec.Process.Cwd : "/";
        string[] candidates;
        if (command.Contains('/'))
        {
            candidates = [command.StartsWith('/') ? command : $"{cwd}/{command}"];
        }
        else if (spec.Process.Env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal)) is { } path)
        {
            // As LookPath: an empty element is the working directory.
            candidates = [.. path["PATH=".Length..].Split(':').Select(dir => $"{(dir.Length > 0 ? dir : cwd)}/{command}")];
        }
        else
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            if (spec.Mounts.Any(m => IsAtOrBelow(candidate, m.Destination))
                || InRootPath.Resolve(rootfs, candidate, files, out var loop) is { } resolved && !files.DirectoryExists(resolved)
                || loop)
            {
                return;
            }
        }

        throw CriException.NotFound(command.Contains('/')
            ? $"executable file \"{SafeText.Clip(command)}\" not found in the container's root filesystem"
            : $"executable file \"{SafeText.Clip(command)}\" not found in $PATH of the container");
    }

    private static bool IsAtOrBelow(string path, string directory)
    {
        var dir = directory.TrimEnd('/');
        return path == dir || path.StartsWith(dir + "/", StringComparison.Ordinal) || dir.Length == 0;
    }
}
