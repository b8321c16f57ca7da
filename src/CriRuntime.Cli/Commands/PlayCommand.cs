using System.CommandLine;
using CriRuntime.Cli.Play;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>play [--down] FILE|-</c>: runs a manifest's Pods (and Deployments' pod templates, with its ConfigMaps) on this
/// node through the CRI, like <c>podman kube play</c>; <c>--down</c> removes what it made.
/// </summary>
internal static class PlayCommand
{
    public static Command Create(CliApp.Runner run)
    {
        var file = new Argument<string>("FILE") { Description = "a YAML manifest: Pod, Deployment and ConfigMap documents; - for standard input" };
        var down = new Option<bool>("--down") { Description = "stop and remove the pods this manifest made, and their emptyDir and configMap volumes" };
        var detach = new Option<bool>("--detach", "-d") { Description = "start the pods and return, without restarting their containers" };
        var stateDir = new Option<string>("--state-dir") { Description = "where emptyDir and configMap volumes are made", DefaultValueFactory = static _ => "/var/lib/criruntime/play" };
        var logDir = new Option<string>("--log-dir") { Description = "where pod log directories are made (as the kubelet's)", DefaultValueFactory = static _ => "/var/log/pods" };
        var cgroupParent = new Option<string>("--cgroup-parent") { Description = "the pods' cgroup parent (default: the runtime's)", DefaultValueFactory = static _ => "" };
        var backoff = new Option<double>("--backoff") { Description = "seconds before the first restart of a container; doubles per restart up to 5 minutes", DefaultValueFactory = static _ => 10 };
        var command = new Command("play", "run the Pods of a Kubernetes manifest on this node (--down removes them)") { file, down, detach, stateDir, logDir, cgroupParent, backoff };
        run.Action(command, async (cli, parse, token) =>
        {
            var path = parse.GetValue(file)!;
            string yaml;
            try
            {
                if (path == "-")
                {
                    using var reader = new StreamReader(run.Streams.Input());
                    yaml = await reader.ReadToEndAsync(token);
                }
                else
                {
                    yaml = await File.ReadAllTextAsync(path, token);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.NotFound($"cannot read {path}: {e.Message}");
            }

            if (parse.GetValue(backoff) is var seconds && (seconds <= 0 || seconds > 300))
            {
                throw CliException.Usage($"--backoff must be 0-300 seconds, not {seconds}");
            }

            var manifest = PlayManifest.Parse(yaml, path);
            var options = new PlayOptions(parse.GetValue(stateDir)!, parse.GetValue(logDir)!, parse.GetValue(cgroupParent)!, parse.GetValue(detach), TimeSpan.FromSeconds(seconds));
            var runner = new PlayRunner(cli, options);
            return parse.GetValue(down) ? await runner.DownAsync(manifest, token) : await runner.UpAsync(manifest, path, token);
        });
        return command;
    }
}
