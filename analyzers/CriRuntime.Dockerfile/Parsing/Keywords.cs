namespace CriRuntime.Dockerfile.Parsing;

/// <summary>Instruction keywords and the flags each one accepts.</summary>
internal static class Keywords
{
    public static bool IsKnown(string keyword)
    {
        switch (keyword)
        {
            case "FROM":
            case "RUN":
            case "CMD":
            case "LABEL":
            case "MAINTAINER":
            case "EXPOSE":
            case "ENV":
            case "ADD":
            case "COPY":
            case "ENTRYPOINT":
            case "VOLUME":
            case "USER":
            case "WORKDIR":
            case "ARG":
            case "ONBUILD":
            case "STOPSIGNAL":
            case "HEALTHCHECK":
            case "SHELL":
                return true;
            default:
                return false;
        }
    }

    /// <summary>Instructions whose leading <c>--name</c> words are flags.</summary>
    public static bool TakesFlags(string keyword)
        => keyword == "FROM" || keyword == "RUN" || keyword == "COPY" || keyword == "ADD" || keyword == "HEALTHCHECK";

    public static bool IsKnownFlag(string keyword, string flag)
    {
        switch (keyword)
        {
            case "FROM":
                return flag == "platform";
            case "RUN":
                return flag == "mount" || flag == "network" || flag == "security" || flag == "device";
            case "COPY":
                return flag == "from" || flag == "chown" || flag == "chmod" || flag == "link" || flag == "parents" || flag == "exclude";
            case "ADD":
                return flag == "chown" || flag == "chmod" || flag == "link" || flag == "checksum" || flag == "keep-git-dir" || flag == "exclude" || flag == "unpack";
            case "HEALTHCHECK":
                return flag == "interval" || flag == "timeout" || flag == "start-period" || flag == "start-interval" || flag == "retries";
            default:
                return false;
        }
    }

    public static bool TakesHeredocs(string keyword) => keyword == "RUN" || keyword == "COPY" || keyword == "ADD";
}
