namespace CriRuntime.Dockerfile.Semantics;

/// <summary>What the base image is, as far as its name tells.</summary>
internal enum OsFamily
{
    Unknown,
    Alpine,
    Busybox,
    Debian,
    RedHat,
    Windows,
    Scratch,
    Distroless,
}
