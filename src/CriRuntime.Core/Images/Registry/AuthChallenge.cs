using System.Text;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its parameters, e.g.
/// <c>Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"</c>.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses every challenge in a header value; what cannot be parsed is skipped, never thrown.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(string? header)
    {
        var result = new List<AuthChallenge>();
        if (string.IsNullOrWhiteSpace(header) || header.Length > 8192)
        {
            return result;
        }

        var position = 0;
        string? scheme = null;
        Dictionary<string, string>? parameters = null;
        while (position < header.Length)
        {
            SkipSpaceAndCommas(header, ref position);
            var token = ReadToken(header, ref position);
            if (token.Length == 0)
            {
                position++;
                continue;
            }

            SkipSpaces(header, ref position);
            if (position < header.Length && header[position] == '=' && scheme is not null)
            {
                position++;
                SkipSpaces(header, ref position);
                var value = position < header.Length && header[position] == '"'
                    ? ReadQuoted(header, ref position)
                    : ReadToken(header, ref position);
                parameters![token.ToLowerInvariant()] = value;
                continue;
            }

            if (scheme is not null)
            {
                result.Add(new AuthChallenge(scheme, parameters!));
            }

            scheme = token;
            parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (scheme is not null)
        {
            result.Add(new AuthChallenge(scheme, parameters!));
        }

        return result;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipSpaceAndCommas(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"'))
        {
            i++;
        }

        // token68 values (base64) may end in '=' padding.
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var builder = new StringBuilder();
        i++;
        while (i < s.Length)
        {
            var c = s[i++];
            if (c == '\\' && i < s.Length)
            {
                builder.Append(s[i++]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
