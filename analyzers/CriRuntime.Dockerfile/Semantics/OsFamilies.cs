namespace CriRuntime.Dockerfile.Semantics;

/// <summary>Guesses the base image's OS family from its name and tag.</summary>
internal static class OsFamilies
{
    public static OsFamily FromImage(string image)
    {
        var s = image.ToLowerInvariant();
        if (s == "scratch")
        {
            return OsFamily.Scratch;
        }

        if (s.Contains("nanoserver") || s.Contains("servercore") || s.Contains("windows") || s.Contains("ltsc20"))
        {
            return OsFamily.Windows;
        }

        if (s.Contains("alpine"))
        {
            return OsFamily.Alpine;
        }

        if (s.Contains("busybox"))
        {
            return OsFamily.Busybox;
        }

        if (s.Contains("distroless") || s.Contains("chiseled"))
        {
            return OsFamily.Distroless;
        }

        if (s.Contains("debian") || s.Contains("ubuntu") || s.Contains("buildpack-deps") || s.Contains("bookworm") || s.Contains("bullseye")
            || s.Contains("buster") || s.Contains("trixie") || s.Contains("jammy") || s.Contains("noble") || s.Contains("focal"))
        {
            return OsFamily.Debian;
        }

        if (s.Contains("centos") || s.Contains("fedora") || s.Contains("rockylinux") || s.Contains("almalinux") || s.Contains("ubi") || s.Contains("amazonlinux") || s.Contains("oraclelinux") || s.Contains("rhel"))
        {
            return OsFamily.RedHat;
        }

        return OsFamily.Unknown;
    }
}
