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

    private static readonly string[] All =
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    /// <summary>The known keyword closest to a misspelt one (one or two edits), or null.</summary>
    public static string? Suggest(string keyword)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in All)
        {
            var d = Distance(keyword, candidate);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        if (System.Math.Abs(a.Length - b.Length) > 2)
        {
            return 3;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = System.Math.Min(System.Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// Instructions whose leading <c>--name</c> words are flags: all of them, as BuildKit's parser splits flags off
    /// every instruction (<c>CMD --doit</c> is an unknown flag, not a command); <see cref="IsKnownFlag"/> says which are valid.
    /// </summary>
    public static bool TakesFlags(string keyword) => IsKnown(keyword);

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
