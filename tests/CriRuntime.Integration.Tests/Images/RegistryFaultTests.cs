using System.Diagnostics;
using CriRuntime.Core.Errors;
using CriRuntime.Integration.Tests.Fixtures;
using Xunit;

namespace CriRuntime.Integration.Tests.Images;

/// <summary>A misbehaving registry (through a fault-injecting proxy): a clear error, no partial image, no temporary file.</summary>
[Collection(ImageCollection.Name)]
public sealed class RegistryFaultTests(TestImages images)
{
    [Theory]
    [InlineData(Fault.ServerErrorOnBlobs, ErrorKind.Unavailable, "503")]
    [InlineData(Fault.TruncateBlobs, ErrorKind.Unavailable, "")]
    [InlineData(Fault.CorruptBlobs, ErrorKind.FailedPrecondition, "digest")]
    [InlineData(Fault.StallBlobs, ErrorKind.DeadlineExceeded, "sent nothing")]
    [InlineData(Fault.MalformedManifests, ErrorKind.FailedPrecondition, "malformed")]
    public async Task A_bad_answer_fails_the_pull_cleanly(Fault fault, ErrorKind kind, string message)
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { Fault = fault };
        using var host = new ImageTestHost(stallTimeout: TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CriException>(() => host.Images.PullAsync($"{proxy.Host}/test/busybox:2.0", null, default));
        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.Empty(host.Images.List());
        Assert.Empty(host.Snapshots.List());
        Assert.Empty(host.Content.List());
        Assert.Empty(host.TemporaryFiles());

        proxy.Fault = Fault.None;
        var image = await host.Images.PullAsync($"{proxy.Host}/test/busybox:2.0", null, default);
        Assert.Equal(2, image.Layers.Count);
    }

    [Fact]
    public async Task A_slow_but_live_download_is_not_a_stall()
    {
        // The stall deadline is on lack of progress: a 1 s stall timeout still lets a 40+ MiB pull finish.
        using var host = new ImageTestHost(stallTimeout: TimeSpan.FromSeconds(1), maxConcurrentDownloads: 1);
        var image = await host.Images.PullAsync($"{images.Host}/test/large", null, default);
        Assert.Equal(4, image.Layers.Count);
    }

    [Fact]
    public async Task A_cancelled_pull_leaves_nothing()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { Fault = Fault.StallBlobs };
        using var host = new ImageTestHost(stallTimeout: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Images.PullAsync($"{proxy.Host}/test/busybox:2.0", null, cancel.Token));
        await Task.Delay(200);
        Assert.Empty(host.Images.List());
        Assert.Empty(host.TemporaryFiles());
    }
}
