using System.Text.RegularExpressions;
using CriRuntime.Admin.V1;
using CriRuntime.Cli.Tests.Fixtures;
using CriRuntime.Integration.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class PullProgressTests(CliDaemon fixture)
{
    [Fact]
    public async Task A_pull_through_a_throttling_proxy_shows_each_layer_downloading_then_done()
    {
        var noise = new byte[1_000_000];
        new Random(17).NextBytes(noise);
        var layer = new LayerBuilder().File("noise", noise).Build(Compression.None);
        using (var push = new RegistryPusher(fixture.Registry.BaseUri))
        {
            await push.PushImageAsync("cli/slow", new ImageBuilder().Layer(BusyboxLayer.Create().Build()).Layer(layer), "1");
        }

        using var proxy = new RegistryProxy(fixture.Registry.BaseUri) { Fault = Fault.ThrottleBlobs };
        var reference = $"{proxy.Host}/cli/slow:1";
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var watch = new CriRuntime.Admin.V1.Admin.AdminClient(fixture.Daemon.Channel).WatchPulls(new WatchPullsRequest { Image = reference }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;

        var pulled = await fixture.RunAsync("pull", reference);
        Assert.True(pulled.Code == 0, pulled.ToString());
        var imageRef = Regex.Match(pulled.Out, "sha256:[0-9a-f]{64}").Value;
        Assert.NotEmpty(imageRef);

        // Plain lines on stderr (stdout is not a terminal): the big layer is seen part-way, then done.
        var noiseLayer = layer.Blob.Digest["sha256:".Length..][..13];
        var lines = pulled.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(noiseLayer + ":", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => Regex.IsMatch(l, @": downloading (\S+)/(\S+)$") && Regex.Match(l, @"downloading (\S+)/(\S+)$") is var m && m.Groups[1].Value != m.Groups[2].Value);
        Assert.Matches(@": done (\S+)/\1$", lines[^1]);

        // The raw stream: states only move forward, bytes only grow, and the last snapshot names the image.
        var snapshots = new List<PullProgress>();
        while (await watch.ResponseStream.MoveNext(cancel.Token))
        {
            snapshots.Add(watch.ResponseStream.Current);
            if (watch.ResponseStream.Current.Done)
            {
                break;
            }
        }

        Assert.Equal(imageRef, snapshots[^1].ImageRef);
        Assert.Equal("", snapshots[^1].Error);
        var history = snapshots.Select(s => s.Layers.SingleOrDefault(l => l.Digest == layer.Blob.Digest)).OfType<LayerProgress>().ToList();
        Assert.Contains(history, l => l.State == LayerState.LayerDownloading && l.BytesDone > 0 && l.BytesDone < l.BytesTotal);
        Assert.Equal(LayerState.LayerDone, history[^1].State);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.State <= p.Second.State && p.First.BytesDone <= p.Second.BytesDone), string.Join(", ", history.Select(h => $"{h.State}:{h.BytesDone}")));
        Assert.Equal(layer.Blob.Content.Length, history[^1].BytesTotal);
    }
}
