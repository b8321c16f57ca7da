namespace CriRuntime.Dockerfile.Rules;

/// <summary>Validators for the value types of a label schema (hadolint's: text, url, email, rfc3339, semver, hash, spdx).</summary>
internal static class LabelValues
{
    /// <summary>Common SPDX ids; a compound expression is checked id by id. LicenseRef-* is always accepted.</summary>
    private static readonly string[] Spdx =
    {
        "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0", "Artistic-2.0", "BSD-1-Clause", "BSD-2-Clause",
        "BSD-3-Clause", "BSD-4-Clause", "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "EPL-1.0", "EPL-2.0", "EUPL-1.2", "GPL-2.0",
        "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.1", "LGPL-2.1-only", "LGPL-2.1-or-later",
        "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0", "MS-PL", "MS-RL", "NCSA", "OFL-1.1", "OpenSSL",
        "PostgreSQL", "Python-2.0", "Unlicense", "UPL-1.0", "Vim", "WTFPL", "X11", "Zlib", "ZPL-2.1", "PSF-2.0", "BlueOak-1.0.0",
    };

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="type"/>, else what it should be.</summary>
    public static string? Problem(string type, string value)
    {
        switch (type.Trim().ToLowerInvariant())
        {
            case "url":
                return System.Uri.TryCreate(value, System.UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? null : "a URL";
            case "email":
                return IsEmail(value) ? null : "an email address";
            case "rfc3339":
                return IsRfc3339(value) ? null : "an RFC 3339 time";
            case "semver":
                return IsSemver(value) ? null : "a semantic version";
            case "hash":
                return IsGitHash(value) ? null : "a git commit hash";
            case "spdx":
                return IsSpdxExpression(value) ? null : "an SPDX license identifier";
            default:
                return null;
        }
    }

    private static bool IsEmail(string v)
    {
        var at = v.IndexOf('@');
        return at > 0 && at == v.LastIndexOf('@') && v.IndexOf('.', at) > at + 1 && !v.EndsWith(".", System.StringComparison.Ordinal) && v.IndexOf(' ') < 0;
    }

    private static bool IsGitHash(string v)
    {
        if (v.Length != 40 && v.Length != 64)
        {
            return false;
        }

        foreach (var c in v)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSemver(string v)
    {
        var core = v;
        var cut = core.IndexOfAny(new[] { '-', '+' });
        if (cut >= 0)
        {
            if (cut == core.Length - 1)
            {
                return false;
            }

            core = core.Substring(0, cut);
        }

        var parts = core.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        foreach (var p in parts)
        {
            if (p.Length == 0 || (p.Length > 1 && p[0] == '0'))
            {
                return false;
            }

            foreach (var c in p)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM).</summary>
    private static bool IsRfc3339(string v)
    {
        if (v.Length < 20)
        {
            return false;
        }

        const string shape = "dddd-dd-ddTdd:dd:dd";
        for (var i = 0; i < shape.Length; i++)
        {
            var c = v[i];
            var ok = shape[i] == 'd' ? c >= '0' && c <= '9' : shape[i] == 'T' ? c == 'T' || c == 't' || c == ' ' : c == shape[i];
            if (!ok)
            {
                return false;
            }
        }

        var j = shape.Length;
        if (j < v.Length && v[j] == '.')
        {
            j++;
            var digits = j;
            while (j < v.Length && v[j] >= '0' && v[j] <= '9')
            {
                j++;
            }

            if (j == digits)
            {
                return false;
            }
        }

        var zone = v.Substring(j);
        return zone == "Z" || zone == "z" || (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' && char.IsDigit(zone[1]) && char.IsDigit(zone[2]) && char.IsDigit(zone[4]) && char.IsDigit(zone[5]));
    }

    private static bool IsSpdxExpression(string v)
    {
        var any = false;
        foreach (var raw in v.Replace("(", " ").Replace(")", " ").Split(' '))
        {
            if (raw.Length == 0 || raw == "AND" || raw == "OR" || raw == "WITH")
            {
                continue;
            }

            var id = raw.TrimEnd('+');
            if (!id.StartsWith("LicenseRef-", System.StringComparison.Ordinal) && !id.EndsWith("-exception", System.StringComparison.Ordinal) && System.Array.IndexOf(Spdx, id) < 0)
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}
