namespace CriRuntime.Core.Runtime;

/// <summary>Whether a handler's OCI runtime can run a container on this host: ready, or not with the reason it gave.</summary>
public sealed record HandlerProbeResult(bool Ready, string Reason)
{
    public static readonly HandlerProbeResult Ok = new(true, "");
}

/// <summary>
/// Tries a handler's OCI runtime binary on this host (the Linux side creates and deletes a throw-away container). A
/// readiness check only: what the runtime supports is the OCI <c>features</c> probe's business.
/// </summary>
public interface IHandlerProbe
{
    Task<HandlerProbeResult> ProbeAsync(string handler, string binary, CancellationToken cancellationToken);
}
