using System.CommandLine;
using System.Globalization;
using System.Text;
using CriRuntime.Cli.Logs;
using CriRuntime.Server.Configuration;
using Runtime.V1;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>logs</c>: a container's CRI log file, stdout lines to stdout and stderr lines to stderr, partial lines joined;
/// <c>-f</c> keeps following (across rotation) until the container has exited and its log is drained.
/// </summary>
internal static class LogsCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Command Create(CliApp.Runner run)
    {
        var container = new Argument<string>("CONTAINER") { Description = "id, unique id prefix or name" };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new lines until the container exits" };
        var tail = new Option<int?>("--tail") { Description = "only the last N lines" };
        var since = new Option<string?>("--since") { Description = "only lines newer than a duration (10m, 1h30m) or an RFC 3339 time" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "prefix each line with its time" };
        var command = new Command("logs", "print a container's logs") { container, follow, tail, since, timestamps };
        run.Action(command, async (cli, parse, token) =>
        {
            var target = await Resolve.ContainerAsync(cli, parse.GetValue(container)!, token);
            var status = (await cli.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = target.Id }, deadline: cli.Deadline, cancellationToken: token)).Status;
            if (status.LogPath.Length == 0)
            {
                throw new CliException(ExitCodes.Failed, $"container {target.Id} has no log file (its pod set no log directory)");
            }

            if (parse.GetValue(tail) is < 0)
            {
                throw CliException.Usage("--tail must be 0 or more");
            }

            var printer = new Printer(cli, Since(parse.GetValue(since)), parse.GetValue(timestamps));
            using var reader = new CriLogFollower(status.LogPath);
            var lines = reader.ReadAvailable();
            if (lines.Count == 0 && !File.Exists(status.LogPath) && !parse.GetValue(follow))
            {
                throw CliException.NotFound($"log file {status.LogPath} of container {target.Id} does not exist");
            }

            var first = parse.GetValue(tail) is { } n ? Math.Max(0, lines.Count - n) : 0;
            for (var i = first; i < lines.Count; i++)
            {
                printer.Print(lines[i]);
            }

            if (!parse.GetValue(follow))
            {
                await printer.FinishAsync();
                return ExitCodes.Success;
            }

            await printer.FlushAsync();

            var checkedAt = DateTime.UtcNow;
            while (true)
            {
                var more = reader.ReadAvailable();
                foreach (var line in more)
                {
                    printer.Print(line);
                }

                await printer.FlushAsync();
                if (more.Count == 0 && DateTime.UtcNow - checkedAt > TimeSpan.FromSeconds(1))
                {
                    checkedAt = DateTime.UtcNow;
                    var state = (await cli.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = target.Id }, deadline: cli.Deadline, cancellationToken: token)).Status.State;
                    if (state != ContainerState.ContainerRunning)
                    {
                        // Read once more: the last lines may have been written just before the exit.
                        foreach (var line in reader.ReadAvailable())
                        {
                            printer.Print(line);
                        }

                        await printer.FinishAsync();
                        return ExitCodes.Success;
                    }
                }

                await Task.Delay(Poll, token);
            }
        });
        return command;
    }

    private static DateTimeOffset? Since(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var ago))
        {
            return DateTimeOffset.UtcNow - ago;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw CliException.Usage($"--since \"{text}\" is neither a duration (10m, 1h30m) nor an RFC 3339 time");
    }

    /// <summary>Joins partial lines per stream and writes each full line to stdout or stderr.</summary>
    private sealed class Printer(CliContext cli, DateTimeOffset? since, bool timestamps)
    {
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private string? _stdoutStamp;
        private string? _stderrStamp;

        public void Print(string raw)
        {
            if (!CriLogLine.TryParse(raw, out var line) || (since is { } s && line.Time < s))
            {
                return;
            }

            var buffer = line.Stderr ? _stderr : _stdout;
            ref var stamp = ref line.Stderr ? ref _stderrStamp : ref _stdoutStamp;
            stamp ??= line.Timestamp;
            buffer.Append(line.Content);
            if (line.Partial)
            {
                return;
            }

            var writer = line.Stderr ? cli.Error : cli.Out;
            writer.WriteLine(timestamps ? $"{stamp} {buffer}" : buffer.ToString());
            buffer.Clear();
            stamp = null;
        }

        /// <summary>At the end: a last partial line (written without a newline) is printed as it was written.</summary>
        public async Task FinishAsync()
        {
            foreach (var (buffer, stamp, writer) in new[] { (_stdout, _stdoutStamp, cli.Out), (_stderr, _stderrStamp, cli.Error) })
            {
                if (buffer.Length > 0)
                {
                    await writer.WriteAsync(timestamps ? $"{stamp} {buffer}" : buffer.ToString());
                }
            }

            await FlushAsync();
        }

        public async Task FlushAsync()
        {
            await cli.Out.FlushAsync();
            await cli.Error.FlushAsync();
        }
    }
}
