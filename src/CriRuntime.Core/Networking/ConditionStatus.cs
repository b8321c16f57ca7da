namespace CriRuntime.Core.Networking;

/// <summary>One readiness condition as CRI's Status reports it.</summary>
public sealed record ConditionStatus(bool Ready, string Reason, string Message)
{
    public static ConditionStatus Ok { get; } = new(true, "", "");
}
