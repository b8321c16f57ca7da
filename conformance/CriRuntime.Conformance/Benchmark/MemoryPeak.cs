namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// The highest resident memory of a runtime's daemon and of its shims together (<see cref="ResidentMemory"/>),
/// sampled every half second from construction until <see cref="StopAsync"/>.
/// </summary>
internal sealed class MemoryPeak
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);
    private readonly string _socketPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _daemonKiB;
    private long _shimsKiB;

    public MemoryPeak(string socketPath)
    {
        _socketPath = socketPath;
        _sampling = Task.Run(SampleUntilStoppedAsync);
    }

    /// <summary>Takes a last sample and returns the peaks in KiB.</summary>
    public async Task<(long DaemonKiB, long ShimsKiB)> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        Sample();
        return (_daemonKiB, _shimsKiB);
    }

    private async Task SampleUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(Period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Sample()
    {
        var (daemon, shims, _) = ResidentMemory.Of(_socketPath);
        _daemonKiB = Math.Max(_daemonKiB, daemon);
        _shimsKiB = Math.Max(_shimsKiB, shims);
    }
}
