namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// What the benchmark runs: endpoints (one, or two run alternately), iterations and images; with a pull registry,
/// the large image's layer blobs as files (<see cref="LocalUnpack"/>).
/// </summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<(string Label, string Endpoint)> Targets,
    int Iterations,
    string ContainerImage,
    string PullImage,
    bool PodNetwork,
    IReadOnlyList<int> ConcurrentPods,
    string? JsonPath,
    string? PullRegistry = null,
    IReadOnlyList<string>? PullLayerFiles = null);
