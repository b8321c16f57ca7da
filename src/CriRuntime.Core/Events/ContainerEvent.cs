namespace CriRuntime.Core.Events;

/// <summary>What happened to a container (CRI's ContainerEventType).</summary>
public enum ContainerEventKind
{
    Created,
    Started,
    Stopped,
    Deleted,
}

/// <summary>One container lifecycle event: the container, its sandbox, what happened and when (nanoseconds since the epoch).</summary>
public sealed record ContainerEvent(string ContainerId, string SandboxId, ContainerEventKind Kind, long CreatedAtNanos);
