using System.Text;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images;
using CriRuntime.Core.Images.Registry;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.Linux.Snapshots;
using CriRuntime.Server.Configuration;
using CriRuntime.Dockerfile;

namespace CriRuntime.Fuzz.Tests;

/// <summary>
/// The parsers that read data from outside the node's control: layer tars (with whiteouts), image manifests,
/// indexes and configs, CNI plugin results, the daemon's TOML config and registries.d files, and the streaming
/// server's SPDY frame reader and WebSocket channel decoder; and the Dockerfile linter (its parser and shell reader), which
/// reads the files users lint.
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
        new("dockerfile", LintDockerfile, _ => false),
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
    /// Lints the input as a Dockerfile with every rule, then maps each RUN script's offsets back to the file. The
    /// linter never throws: it reports a parser or rule exception as a finding of its own ("could not read this
    /// file", "Rule ID failed"), so such a finding is a finding here too, as is an offset outside the file.
    /// </summary>
    private static void LintDockerfile(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var result = DockerfileLinter.Lint(text);
        var failure = result.Findings.FirstOrDefault(f =>
            f.Message.StartsWith("The linter could not read this file", StringComparison.Ordinal)
            || f.Message.StartsWith($"Rule {f.Rule.Id} failed", StringComparison.Ordinal));
        if (failure is not null)
        {
            throw new InvalidOperationException(failure.Message);
        }

        foreach (var script in DockerfileLinter.ShellScripts(result))
        {
            for (var i = 0; i <= script.Text.Length; i++)
            {
                if (script.FileOffset(i) is var offset && (offset < 0 || offset > text.Length))
                {
                    throw new InvalidOperationException($"script offset {i} maps to {offset}, outside the file's {text.Length} characters");
                }
            }
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
