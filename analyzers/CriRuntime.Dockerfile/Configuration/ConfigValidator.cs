using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Configuration;

/// <summary>
/// Checks a configuration file against hadolint's schema: known keys, the right kind of value for each (a list where
/// hadolint takes a list), known severities, booleans and label types, and rule ids that name a rule.
/// </summary>
internal static class ConfigValidator
{
    private enum Expect
    {
        IdList,
        StringList,
        SeverityLists,
        LabelTypes,
        Bool,
        Severity,
        Format,
    }

    private static readonly Dictionary<string, Expect> TopLevel = new(System.StringComparer.Ordinal)
    {
        ["ignored"] = Expect.IdList,
        ["override"] = Expect.SeverityLists,
        ["trustedRegistries"] = Expect.StringList,
        ["label-schema"] = Expect.LabelTypes,
        ["strict-labels"] = Expect.Bool,
        ["disable-ignore-pragma"] = Expect.Bool,
        ["failure-threshold"] = Expect.Severity,
        ["no-fail"] = Expect.Bool,
        ["no-color"] = Expect.Bool,
        ["verbose"] = Expect.Bool,
        ["format"] = Expect.Format,
    };

    private static readonly string[] LabelTypes = { "text", "url", "email", "rfc3339", "semver", "hash", "spdx" };

    private static readonly string[] Formats = { "tty", "json", "checkstyle", "codeclimate", "gitlab_codeclimate", "gnu", "codacy", "sonarqube", "sarif" };

    public static List<ConfigProblem> Validate(YamlSubset yaml)
    {
        var problems = new List<ConfigProblem>(yaml.Problems);
        foreach (var entry in yaml.Entries)
        {
            var dot = entry.Path.IndexOf('.');
            var top = dot < 0 ? entry.Path : entry.Path.Substring(0, dot);
            if (!TopLevel.TryGetValue(top, out var expect))
            {
                if (dot < 0)
                {
                    problems.Add(new ConfigProblem(entry.Line, entry.Path, "unknown key (expected one of " + string.Join(", ", TopLevel.Keys) + ")"));
                }

                continue;
            }

            var problem = dot < 0 ? CheckTop(yaml, entry, expect) : CheckNested(yaml, entry, expect, entry.Path.Substring(dot + 1));
            if (problem != null)
            {
                problems.Add(new ConfigProblem(entry.Line, entry.Path, problem));
            }
        }

        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return problems;
    }

    private static string? CheckTop(YamlSubset yaml, YamlEntry entry, Expect expect)
    {
        if (entry.Kind == YamlKind.Empty)
        {
            return null;
        }

        switch (expect)
        {
            case Expect.IdList:
                return entry.Kind != YamlKind.List ? Got(entry, "a list of rule ids") : UnknownIds(yaml.List(entry.Path));
            case Expect.StringList:
                return entry.Kind != YamlKind.List ? Got(entry, "a list") : null;
            case Expect.SeverityLists:
            case Expect.LabelTypes:
                return entry.Kind != YamlKind.Mapping ? Got(entry, "a mapping of one key per line") : null;
            case Expect.Bool:
                return entry.Kind != YamlKind.Scalar ? Got(entry, "true or false") : IsBool(yaml.Scalar(entry.Path)) ? null : $"'{yaml.Scalar(entry.Path)}' is not true or false";
            case Expect.Severity:
                return entry.Kind != YamlKind.Scalar ? Got(entry, "a severity") : HadolintConfig.ParseSeverity(yaml.Scalar(entry.Path)) is null ? $"unknown severity '{yaml.Scalar(entry.Path)}' (expected error, warning, info, style or none)" : null;
            default:
                return entry.Kind != YamlKind.Scalar ? Got(entry, "a format name") : System.Array.IndexOf(Formats, yaml.Scalar(entry.Path)) < 0 ? $"unknown format '{yaml.Scalar(entry.Path)}'" : null;
        }
    }

    private static string? CheckNested(YamlSubset yaml, YamlEntry entry, Expect expect, string key)
    {
        if (expect == Expect.SeverityLists)
        {
            if (HadolintConfig.ParseSeverity(key) is null or Severity.None)
            {
                return "unknown severity (expected error, warning, info or style)";
            }

            return entry.Kind == YamlKind.Empty ? null : entry.Kind != YamlKind.List ? Got(entry, "a list of rule ids") : UnknownIds(yaml.List(entry.Path));
        }

        if (expect == Expect.LabelTypes)
        {
            var type = yaml.Scalar(entry.Path);
            return entry.Kind != YamlKind.Scalar ? Got(entry, "a label type") : System.Array.IndexOf(LabelTypes, type) < 0 ? $"unknown label type '{type}' (expected {string.Join(", ", LabelTypes)})" : null;
        }

        return "takes no nested keys";
    }

    private static string Got(YamlEntry entry, string expected)
    {
        var got = entry.Kind switch
        {
            YamlKind.Scalar => "a single value",
            YamlKind.List => "a list",
            _ => "a mapping",
        };
        return $"expected {expected}, got {got}";
    }

    private static string? UnknownIds(IReadOnlyList<string> ids)
    {
        foreach (var id in ids)
        {
            if (!DockerfileLinter.IsKnownRuleId(id))
            {
                return $"unknown rule id '{id}'";
            }
        }

        return null;
    }

    private static bool IsBool(string? value) => value?.Trim().ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off";
}
