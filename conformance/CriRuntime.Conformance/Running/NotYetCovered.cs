namespace CriRuntime.Conformance.Running;

/// <summary>
/// The one place that lists CRI areas the suite does not cover yet, and why. An area leaves this list in the
/// change that lands its specs; its specs are skipped with this reason until then.
/// </summary>
internal static class NotYetCovered
{
    public static readonly IReadOnlyDictionary<string, string> Areas = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["security-context"] = "security context specs arrive with the security-context issue",
        ["host-port"] = "no host-port spec yet (critest's port-mapping specs run against criruntime in conformance/critest.sh)",
    };

    public static string? Reason(string area) => Areas.TryGetValue(area, out var why) ? $"not yet covered: {why}" : null;
}
