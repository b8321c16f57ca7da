namespace CriRuntime.Server.Hosting;

/// <summary>
/// Set once start-up work (state recovery) is done. Until then CRI calls get Unavailable, which
/// kubelet retries, rather than answers computed from half-loaded state.
/// </summary>
internal sealed class DaemonReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
