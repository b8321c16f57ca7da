namespace CriRuntime.Dockerfile.Semantics;

/// <summary>The shell that runs shell-form RUN: shell rules only apply to POSIX shells.</summary>
internal enum ShellKind
{
    Posix,
    PowerShell,
    Cmd,
    Other,
}
