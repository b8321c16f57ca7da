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

    /// <summary>Pushes the images; the large one's layer blobs are also written into <paramref name="layerDir"/>, whose files are returned.</summary>
    public static async Task<IReadOnlyList<string>> PushAsync(string registry, string layerDir)
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
        var files = new List<string>();
        foreach (var layer in large.Layers)
        {
            var file = Path.Combine(layerDir, layer.Digest["sha256:".Length..] + ".tar.gz");
            await File.WriteAllBytesAsync(file, layer.Content);
            files.Add(file);
        }

        for (var i = 0; i < SharedCount; i++)
        {
            await push.PushImageAsync($"bench/shared-{i}", new ImageBuilder().Layer(baseLayer).Layer(new LayerBuilder().File($"id-{i}", $"{i}\n").Build()), "latest");
        }

        return files;
    }
}
