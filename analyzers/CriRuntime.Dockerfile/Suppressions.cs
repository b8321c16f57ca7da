using System.Collections.Generic;
using CriRuntime.Dockerfile.Rules;

namespace CriRuntime.Dockerfile;

/// <summary>
/// In-file suppressions: <c># hadolint ignore=DL3008</c> / <c># dockerfile-lint ignore=DF3008</c> before an
/// instruction, their <c>global ignore=</c> forms anywhere, and BuildKit's <c># check=skip=...</c> directive.
/// </summary>
internal sealed class Suppressions
{
    private readonly HashSet<string> _global = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<InstructionSyntax, HashSet<string>> _perInstruction = new();

    public bool SkipAllBuildKitChecks { get; private set; }

    public bool BuildKitChecksAreErrors { get; private set; }

    public static Suppressions Read(DockerfileSyntax syntax)
    {
        var result = new Suppressions();
        foreach (var directive in syntax.Directives)
        {
            if (directive.Name == "check")
            {
                result.ReadCheckDirective(directive.Value);
            }
        }

        var instructions = syntax.Instructions;
        var next = 0;
        foreach (var comment in syntax.Comments)
        {
            var text = comment.Text;
            string rest;
            if (text.StartsWith("hadolint", System.StringComparison.Ordinal))
            {
                rest = text.Substring("hadolint".Length);
            }
            else if (text.StartsWith("dockerfile-lint", System.StringComparison.Ordinal))
            {
                rest = text.Substring("dockerfile-lint".Length);
            }
            else
            {
                continue;
            }

            rest = rest.Trim();
            var global = false;
            if (rest.StartsWith("global", System.StringComparison.Ordinal))
            {
                global = true;
                rest = rest.Substring("global".Length).TrimStart();
            }

            if (!rest.StartsWith("ignore", System.StringComparison.Ordinal))
            {
                continue;
            }

            rest = rest.Substring("ignore".Length).TrimStart();
            if (rest.Length == 0 || rest[0] != '=')
            {
                continue;
            }

            var ids = ParseIds(rest.Substring(1));
            if (global)
            {
                result._global.UnionWith(ids);
                continue;
            }

            // Applies to the next instruction after the comment (comments inside a continuation: that instruction).
            while (next < instructions.Count && instructions[next].End <= comment.Start)
            {
                next++;
            }

            if (next < instructions.Count)
            {
                var target = instructions[next];
                if (!result._perInstruction.TryGetValue(target, out var set))
                {
                    result._perInstruction[target] = set = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
                }

                set.UnionWith(ids);
            }
        }

        return result;
    }

    public bool IsSuppressed(RuleDescriptor rule, InstructionSyntax? at)
    {
        if (_global.Contains(rule.Id) || (SkipAllBuildKitChecks && rule.BuildKitCheck != null))
        {
            return true;
        }

        return at != null && _perInstruction.TryGetValue(at, out var set) && set.Contains(rule.Id);
    }

    private static List<string> ParseIds(string text)
    {
        var ids = new List<string>();
        foreach (var raw in text.Split(','))
        {
            var token = raw.Trim();
            var space = token.IndexOfAny(new[] { ' ', '\t' });
            if (space >= 0)
            {
                token = token.Substring(0, space);
            }

            if (token.Length > 0)
            {
                ids.AddRange(RuleRegistry.Resolve(token));
            }
        }

        return ids;
    }

    private void ReadCheckDirective(string value)
    {
        foreach (var part in value.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var key = part.Substring(0, eq).Trim().ToLowerInvariant();
            var v = part.Substring(eq + 1).Trim();
            if (key == "skip")
            {
                foreach (var name in v.Split(','))
                {
                    var n = name.Trim();
                    if (string.Equals(n, "all", System.StringComparison.OrdinalIgnoreCase))
                    {
                        SkipAllBuildKitChecks = true;
                    }
                    else if (n.Length > 0)
                    {
                        _global.UnionWith(RuleRegistry.Resolve(n));
                    }
                }
            }
            else if (key == "error")
            {
                BuildKitChecksAreErrors = string.Equals(v, "true", System.StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
