using System.Collections.Generic;
using CriRuntime.Dockerfile.Rules;

namespace CriRuntime.Dockerfile;

/// <summary>
/// In-file suppressions: <c># hadolint ignore=DL3008</c> / <c># dockerfile-lint ignore=DF3008</c> before an
/// instruction, their <c>stage ignore=</c> forms before a FROM (the whole stage) and <c>global ignore=</c> forms
/// anywhere, and BuildKit's <c># check=skip=...</c> directive. With <see cref="LintOptions.DisableIgnorePragmas"/>
/// only the <c>check</c> directive counts.
/// </summary>
internal sealed class Suppressions
{
    private readonly HashSet<string> _global = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<InstructionSyntax, HashSet<string>> _perInstruction = new();
    private readonly Dictionary<int, HashSet<string>> _perStage = new();

    private enum PragmaScope
    {
        Instruction,
        Stage,
        Global,
    }

    public bool SkipAllBuildKitChecks { get; private set; }

    public bool BuildKitChecksAreErrors { get; private set; }

    /// <summary>True for a comment's text that is an ignore pragma of any scope (hadolint's or ours).</summary>
    public static bool IsIgnorePragma(string commentText) => TryParsePragma(commentText, out _, out _);

    public static Suppressions Read(DockerfileSyntax syntax, bool disableIgnorePragmas = false)
    {
        var result = new Suppressions();
        foreach (var directive in syntax.Directives)
        {
            if (directive.Name == "check")
            {
                result.ReadCheckDirective(directive.Value);
            }
        }

        if (disableIgnorePragmas)
        {
            return result;
        }

        var instructions = syntax.Instructions;
        var next = 0;
        foreach (var comment in syntax.Comments)
        {
            if (!TryParsePragma(comment.Text, out var scope, out var idText))
            {
                continue;
            }

            var ids = ParseIds(idText);
            if (scope == PragmaScope.Global)
            {
                result._global.UnionWith(ids);
                continue;
            }

            // Applies to the next instruction after the comment (comments inside a continuation: that instruction),
            // or for the stage form to the stage that instruction is in.
            while (next < instructions.Count && instructions[next].End <= comment.Start)
            {
                next++;
            }

            if (next >= instructions.Count)
            {
                continue;
            }

            var target = instructions[next];
            if (scope == PragmaScope.Stage)
            {
                AddTo(result._perStage, target.StageIndex, ids);
            }
            else
            {
                AddTo(result._perInstruction, target, ids);
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

        return at != null
            && ((_perInstruction.TryGetValue(at, out var set) && set.Contains(rule.Id))
                || (at.StageIndex >= 0 && _perStage.TryGetValue(at.StageIndex, out var stageSet) && stageSet.Contains(rule.Id)));
    }

    /// <summary><c>hadolint|dockerfile-lint [stage|global] ignore=IDS</c>; <paramref name="ids"/> is the text after '='.</summary>
    private static bool TryParsePragma(string text, out PragmaScope scope, out string ids)
    {
        scope = PragmaScope.Instruction;
        ids = string.Empty;
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
            return false;
        }

        rest = rest.Trim();
        if (rest.StartsWith("global", System.StringComparison.Ordinal))
        {
            scope = PragmaScope.Global;
            rest = rest.Substring("global".Length).TrimStart();
        }
        else if (rest.StartsWith("stage", System.StringComparison.Ordinal))
        {
            scope = PragmaScope.Stage;
            rest = rest.Substring("stage".Length).TrimStart();
        }

        if (!rest.StartsWith("ignore", System.StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest.Substring("ignore".Length).TrimStart();
        if (rest.Length == 0 || rest[0] != '=')
        {
            return false;
        }

        ids = rest.Substring(1);
        return true;
    }

    private static void AddTo<TKey>(Dictionary<TKey, HashSet<string>> map, TKey key, List<string> ids)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        }

        set.UnionWith(ids);
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
