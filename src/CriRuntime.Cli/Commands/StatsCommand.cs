using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using CriRuntime.Cli.Output;
using Runtime.V1;
using Spectre.Console;

namespace CriRuntime.Cli.Commands;

/// <summary>
/// <c>stats</c>: CPU, memory and writable-layer use of running containers. CPU is the rate of
/// <c>usage_core_nano_seconds</c> between two samples a second apart (as a percentage of one core). On a terminal the
/// table is live, refreshed every second until Ctrl-C; elsewhere, or with <c>--no-stream</c>, one table is written.
/// </summary>
internal static class StatsCommand
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static Command Create(CliApp.Runner run)
    {
        var ids = new Argument<string[]>("CONTAINER") { Description = "ids, prefixes or names (default: every running container)", Arity = ArgumentArity.ZeroOrMore };
        var pod = new Option<string?>("--pod", "-p") { Description = "only containers of this pod" };
        var label = new Option<string[]>("--label") { Description = "key=value, repeatable" };
        var noStream = new Option<bool>("--no-stream") { Description = "write one table and exit, even on a terminal" };
        var command = new Command("stats", "containers' resource use") { ids, pod, label, noStream };
        run.Action(command, async (cli, parse, token) =>
        {
            var filter = new ContainerStatsFilter();
            filter.LabelSelector.Add(Filters.Labels(parse.GetValue(label)));
            if (parse.GetValue(pod) is { } p)
            {
                filter.PodSandboxId = (await Resolve.PodAsync(cli, p, token)).Id;
            }

            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reference in parse.GetValue(ids) ?? [])
            {
                wanted.Add((await Resolve.ContainerAsync(cli, reference, token)).Id);
            }

            async Task<Dictionary<string, ContainerStats>> SampleAsync() =>
                (await cli.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = filter }, deadline: cli.Deadline, cancellationToken: token)).Stats
                    .Where(s => wanted.Count == 0 || wanted.Contains(s.Attributes.Id))
                    .ToDictionary(static s => s.Attributes.Id);

            var previous = await SampleAsync();
            await Task.Delay(Interval, token);
            var current = await SampleAsync();
            if (cli.Format != OutputFormat.Table)
            {
                Structured.Write(cli.Out, cli.Format, new JsonObject { ["stats"] = Structured.ToArray(current.Values.OrderBy(static s => s.Attributes.Metadata?.Name, StringComparer.Ordinal)) });
                return ExitCodes.Success;
            }

            if (!cli.Terminal || parse.GetValue(noStream))
            {
                cli.Console.Write(Render(previous, current));
                return ExitCodes.Success;
            }

            await cli.Console.Live(Render(previous, current)).StartAsync(async live =>
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(Interval, token);
                    (previous, current) = (current, await SampleAsync());
                    live.UpdateTarget(Render(previous, current));
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Table Render(IReadOnlyDictionary<string, ContainerStats> previous, IReadOnlyDictionary<string, ContainerStats> current)
    {
        var table = Human.Table("CONTAINER", "NAME", "CPU %", "MEM", "DISK", "INODES");
        foreach (var stats in current.Values.OrderBy(static s => s.Attributes.Metadata?.Name, StringComparer.Ordinal))
        {
            var cpu = previous.TryGetValue(stats.Attributes.Id, out var before) ? CpuPercent(before, stats) : null;
            Human.Row(table, Human.Short(stats.Attributes.Id), stats.Attributes.Metadata?.Name ?? "",
                cpu is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                stats.Memory?.WorkingSetBytes is { } m ? Human.Size(m.Value) : "-",
                stats.WritableLayer?.UsedBytes is { } d ? Human.Size(d.Value) : "-",
                stats.WritableLayer?.InodesUsed is { } i ? i.Value.ToString(CultureInfo.InvariantCulture) : "-");
        }

        return table;
    }

    /// <summary>Percent of one core used between two samples; null without both counters or with no time between them.</summary>
    internal static double? CpuPercent(ContainerStats before, ContainerStats after)
    {
        if (before.Cpu?.UsageCoreNanoSeconds is not { } a || after.Cpu?.UsageCoreNanoSeconds is not { } b || after.Cpu.Timestamp <= before.Cpu.Timestamp)
        {
            return null;
        }

        var used = b.Value >= a.Value ? b.Value - a.Value : 0;
        return 100.0 * used / (after.Cpu.Timestamp - before.Cpu.Timestamp);
    }
}
