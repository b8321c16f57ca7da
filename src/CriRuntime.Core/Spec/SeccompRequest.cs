namespace CriRuntime.Core.Spec;

public enum SeccompKind
{
    Unconfined,
    RuntimeDefault,
    Localhost,
}

/// <summary>The seccomp profile a container asks for; <see cref="LocalhostPath"/> names a profile file on the node.</summary>
public sealed record SeccompRequest(SeccompKind Kind, string LocalhostPath = "");
