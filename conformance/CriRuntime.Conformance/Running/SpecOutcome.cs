namespace CriRuntime.Conformance.Running;

internal enum SpecVerdict
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>What one spec came to, with the reason for a failure or a skip.</summary>
internal sealed record SpecOutcome(string Name, SpecVerdict Verdict, string Reason, TimeSpan Duration);
