namespace CriRuntime.Conformance.Running;

/// <summary>Thrown by a spec's checks: the message is the reason printed after "fail".</summary>
internal sealed class SpecFailure(string message) : Exception(message);

/// <summary>Thrown by a spec that cannot run here: the message is the reason printed after "skip".</summary>
internal sealed class SpecSkipped(string message) : Exception(message);
