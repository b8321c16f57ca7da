using CriRuntime.TestSupport;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// Images for the pull benchmark, pushed to the registry: one of about 200 MB in nine layers (incompressible,
/// so the wire carries all of it) and ten small images that share one busybox base layer.
/// </summary>
internal static class PullImages
{
    public const int LargeLayers = 8;
    public const int LargeLayerBytes = 24 << 20;
    public const int SharedCount = 10;

    public static string Large(string registry) => $"{registry}/bench/large:latest";

    public static IEnumerable<string> Shared(string registry) => Enumerable.Range(0, SharedCount).Select(i => $"{registry}/bench/shared-{i}:latest");

    public static async Task PushAsync(string registry)
    {
        using var push = new RegistryPusher(new Uri($"http://{registry}"));
        var baseLayer = BusyboxLayer.Create().Build();
        var large = new ImageBuilder().Layer(baseLayer);
        var random = new Random(7);
        for (var i = 0; i < LargeLayers; i++)
        {
            var content = new byte[LargeLayerBytes];
            random.NextBytes(content);
            large.Layer(new LayerBuilder().File($"data/layer-{i}", content).Build());
        }

        await push.PushImageAsync("bench/large", large, "latest");
        for (var i = 0; i < SharedCount; i++)
        {
            await push.PushImageAsync($"bench/shared-{i}", new ImageBuilder().Layer(baseLayer).Layer(new LayerBuilder().File($"id-{i}", $"{i}\n").Build()), "latest");
        }
    }
}
