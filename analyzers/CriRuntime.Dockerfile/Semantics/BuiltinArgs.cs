namespace CriRuntime.Dockerfile.Semantics;

/// <summary>ARGs BuildKit defines without a declaration (platform args in FROM, proxy args in RUN).</summary>
internal static class BuiltinArgs
{
    public static void AddPlatformArgs(VariableScope scope)
    {
        scope.Set("BUILDPLATFORM", "linux/amd64");
        scope.Set("BUILDOS", "linux");
        scope.Set("BUILDARCH", "amd64");
        scope.Set("BUILDVARIANT", string.Empty);
        scope.Set("TARGETPLATFORM", "linux/amd64");
        scope.Set("TARGETOS", "linux");
        scope.Set("TARGETARCH", "amd64");
        scope.Set("TARGETVARIANT", string.Empty);
    }

    public static string? PlatformDefault(string name)
    {
        switch (name)
        {
            case "BUILDPLATFORM":
            case "TARGETPLATFORM":
                return "linux/amd64";
            case "BUILDOS":
            case "TARGETOS":
                return "linux";
            case "BUILDARCH":
            case "TARGETARCH":
                return "amd64";
            case "BUILDVARIANT":
            case "TARGETVARIANT":
            case "TARGETSTAGE":
                return string.Empty;
            default:
                return null;
        }
    }

    public static bool IsPredefined(string name)
    {
        if (PlatformDefault(name) != null)
        {
            return true;
        }

        switch (name)
        {
            case "HTTP_PROXY":
            case "http_proxy":
            case "HTTPS_PROXY":
            case "https_proxy":
            case "FTP_PROXY":
            case "ftp_proxy":
            case "NO_PROXY":
            case "no_proxy":
            case "ALL_PROXY":
            case "all_proxy":
            case "SOURCE_DATE_EPOCH":
            case "BUILDKIT_SYNTAX":
                return true;
            default:
                return false;
        }
    }
}
