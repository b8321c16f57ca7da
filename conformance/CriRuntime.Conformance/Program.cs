using CriRuntime.Conformance;
using CriRuntime.Conformance.Benchmark;
using CriRuntime.Conformance.Running;
using CriRuntime.Conformance.Specs;
using CriRuntime.TestSupport;

if (args is ["--crash-harness", ..])
{
    return await new CriRuntime.Conformance.Reliability.CrashHarness(CriRuntime.Conformance.Reliability.HarnessOptions.Parse(args), Console.Out).RunAsync();
}

if (args is ["--soak", ..])
{
    return await CriRuntime.Conformance.Reliability.SoakRunner.RunAsync(args, Console.Out);
}

if (args is ["--load", ..])
{
    return await CriRuntime.Conformance.Reliability.LoadRunner.RunAsync(args, Console.Out);
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"cri-conformance: {e.Message}\n{Options.Usage}");
    return 2;
}

if (options.Benchmark)
{
    var targets = new List<(string, string)> { (options.Label, options.RuntimeEndpoint) };
    if (options.PeerEndpoint.Length > 0)
    {
        targets.Add((options.PeerLabel, options.PeerEndpoint));
    }

    var layerDir = Directory.CreateTempSubdirectory("criruntime-bench-layers-").FullName;
    IReadOnlyList<BenchmarkResult> results;
    try
    {
        var layerFiles = options.PullBenchmarkRegistry is { } pullRegistry ? await PullImages.PushAsync(pullRegistry, layerDir) : [];
        results = await new BenchmarkRunner(
            new BenchmarkOptions(targets, options.Iterations, options.Image, options.PullImage, options.PodNetwork, options.Pods, options.JsonPath, options.PullBenchmarkRegistry, layerFiles),
            Console.Out).RunAsync();
    }
    finally
    {
        Directory.Delete(layerDir, recursive: true);
    }

    BenchmarkReport.Print(results, Console.Out);
    if (options.JsonPath is not null)
    {
        BenchmarkReport.WriteJson(results, options.JsonPath);
    }

    return 0;
}

using var runtime = CriChannels.Open(options.RuntimeEndpoint);
using var image = CriChannels.Open(options.ImageEndpoint);
using var fixtures = await SuiteImages.PrepareAsync(options.Registry);
var runner = new SpecRunner(runtime, image, fixtures, Console.Out);
var outcomes = await runner.RunAsync(SpecCatalog.All(), options.Focus, options.Skip, options.SpecTimeout);
return outcomes.Any(o => o.Verdict == SpecVerdict.Failed) ? 1 : 0;
