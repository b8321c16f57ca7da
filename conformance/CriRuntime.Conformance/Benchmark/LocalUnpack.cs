using System.Diagnostics;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// This machine's own limit for a pull's local work: the same layer blobs (gzip'd tars, written to disk beforehand)
/// read, decompressed and written out by <c>tar -xzf</c>, every layer at once, as a runtime may unpack them. The
/// registry's part (loopback HTTP) is left out, so a pull can only come close to it.
/// </summary>
internal sealed class LocalUnpack(IReadOnlyList<string> layerFiles) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("criruntime-bench-unpack-").FullName;

    /// <summary>Bytes of the layers' content (what the pull figure in MB/s counts).</summary>
    public static long ContentBytes => PullImages.LargeLayers * (long)PullImages.LargeLayerBytes;

    /// <summary>Unpacks every layer into a fresh directory; returns the wall time in milliseconds.</summary>
    public async Task<double> MeasureAsync()
    {
        var target = Directory.CreateDirectory(Path.Combine(_scratch, Guid.NewGuid().ToString("N"))).FullName;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(layerFiles.Select((file, i) => UntarAsync(file, Directory.CreateDirectory(Path.Combine(target, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Directory.Delete(target, recursive: true);
        return elapsed;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static async Task UntarAsync(string file, string directory)
    {
        using var tar = Process.Start(new ProcessStartInfo("tar", ["-xzf", file, "-C", directory]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("tar did not start");
        var error = await tar.StandardError.ReadToEndAsync();
        await tar.WaitForExitAsync();
        if (tar.ExitCode != 0)
        {
            throw new InvalidOperationException($"tar -xzf {file}: {error.Trim()}");
        }
    }
}
