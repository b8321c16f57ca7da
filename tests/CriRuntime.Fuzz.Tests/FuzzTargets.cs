using System.Text;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Registry;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.Linux.Snapshots;
using CriRuntime.Server.Configuration;

namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// The parsers that read data from outside the node's control: layer tars (with whiteouts), image manifests,
/// indexes and configs, CNI plugin results, the daemon's TOML config and registries.d files, and the streaming
/// server's SPDY frame reader and WebSocket channel decoder.
/// </summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("layer-tar", ExtractLayer, e => e is CriException),
        new("image-manifest", ParseImageDocument, e => e is CriException),
        new("image-config", data => ManifestParser.ParseConfig(data, layerCount: 2), e => e is CriException),
        new("cni-result", data => CniResult.Parse(Encoding.UTF8.GetString(data)), e => e is FormatException),
        new("config-toml", data => ConfigFileLoader.Parse(Encoding.UTF8.GetString(data), "fuzz.toml"), e => e is ConfigException),
        new("registries-d", data => RegistryConfigLoader.Parse("registry.example:5000", Encoding.UTF8.GetString(data), "fuzz.toml"), e => e is CriException),
        new("spdy-frames", StreamingFuzzTargets.ReadSpdyFrames, e => e is Server.Streaming.Spdy.SpdyProtocolException),
        new("websocket-channels", StreamingFuzzTargets.DecodeWebSocketChannels, e => e is System.Net.WebSockets.WebSocketException),
    ];

    public static FuzzTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"unknown fuzz target \"{name}\"; targets: {string.Join(", ", All.Select(t => t.Name))}");

    /// <summary>A manifest or index, classified as the puller does, then parsed as what it claims to be.</summary>
    private static void ParseImageDocument(byte[] data)
    {
        if (ManifestParser.Classify(data, null) == ManifestParser.DocumentKind.Index)
        {
            ManifestParser.ParseIndex(data);
        }
        else
        {
            ManifestParser.ParseManifest(data);
        }
    }

    /// <summary>
    /// Unpacks the tar into a fresh directory (as a snapshot is unpacked) inside an empty parent; anything that
    /// appears beside it escaped. Both are removed afterwards.
    /// </summary>
    private static void ExtractLayer(byte[] data)
    {
        var parent = Directory.CreateTempSubdirectory("criruntime-fuzz-layer-").FullName;
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(parent, "layer")).FullName;
            using var tar = new MemoryStream(data, writable: false);
            new LayerExtractor(root, "fuzz layer").ExtractAsync(tar, CancellationToken.None).GetAwaiter().GetResult();
            if (Directory.EnumerateFileSystemEntries(parent).Any(e => e != root))
            {
                throw new InvalidOperationException("the layer wrote outside its root");
            }
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
