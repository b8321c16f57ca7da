using CriRuntime.Admin.V1;
using Grpc.Core;
using Spectre.Console;

namespace CriRuntime.Cli.Output;

/// <summary>
/// Shows a pull's progress from the daemon's WatchPulls stream: on a terminal a live bar per layer; elsewhere plain lines
/// on stderr (stdout stays the result), one when a layer changes state and one a second per downloading layer.
/// Returns when the stream reports the pull done, or when cancelled.
/// </summary>
internal static class PullDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(CliContext cli, IAsyncStreamReader<PullProgress> stream, CancellationToken token)
    {
        try
        {
            if (cli.Terminal && cli.Format == OutputFormat.Table)
            {
                await LiveAsync(cli, stream, token);
            }
            else
            {
                await PlainAsync(cli.Error, stream, token);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One line for a layer: "3f4a5b6c7d8e: downloading 1.2MB/3.4MB".</summary>
    internal static string Line(LayerProgress layer) =>
        $"{Human.Short(layer.Digest)}: {StateName(layer.State)} {Human.Size((ulong)Math.Max(0, layer.BytesDone))}/{Human.Size((ulong)Math.Max(0, layer.BytesTotal))}";

    internal static string StateName(LayerState state) => state switch
    {
        LayerState.LayerWaiting => "waiting",
        LayerState.LayerDownloading => "downloading",
        LayerState.LayerVerifying => "verifying",
        LayerState.LayerUnpacking => "unpacking",
        _ => "done",
    };

    private static async Task PlainAsync(TextWriter error, IAsyncStreamReader<PullProgress> stream, CancellationToken token)
    {
        var states = new Dictionary<string, (LayerState State, DateTime Written)>(StringComparer.Ordinal);
        while (await stream.MoveNext(token))
        {
            var progress = stream.Current;
            var now = DateTime.UtcNow;
            foreach (var layer in progress.Layers)
            {
                var known = states.TryGetValue(layer.Digest, out var last);
                if (!known || last.State != layer.State || (layer.State == LayerState.LayerDownloading && now - last.Written >= PlainInterval))
                {
                    states[layer.Digest] = (layer.State, now);
                    await error.WriteLineAsync(Line(layer));
                }
            }

            await error.FlushAsync(token);
            if (progress.Done)
            {
                return;
            }
        }
    }

    private static Task LiveAsync(CliContext cli, IAsyncStreamReader<PullProgress> stream, CancellationToken token) =>
        cli.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                while (await stream.MoveNext(token))
                {
                    var progress = stream.Current;
                    foreach (var layer in progress.Layers)
                    {
                        if (!tasks.TryGetValue(layer.Digest, out var task))
                        {
                            task = context.AddTask(Human.Short(layer.Digest), maxValue: Math.Max(1, layer.BytesTotal));
                            tasks[layer.Digest] = task;
                        }

                        task.Description = $"{Human.Short(layer.Digest)} {StateName(layer.State),-11}";
                        task.Value = layer.State == LayerState.LayerDone ? task.MaxValue : layer.BytesDone;
                    }

                    context.Refresh();
                    if (progress.Done)
                    {
                        return;
                    }
                }
            });
}
