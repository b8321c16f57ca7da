using System.Collections.Generic;
using CriRuntime.Dockerfile.Configuration;

namespace CriRuntime.Dockerfile;

/// <summary>
/// Reads .hadolint.yaml: <c>ignored</c>, <c>override</c> (error/warning/info/style lists), <c>trustedRegistries</c>,
/// <c>label-schema</c>, <c>strict-labels</c> and <c>failure-threshold</c>. Hadolint ids are accepted as they are (they map to our rules when linting).
/// A tiny reader of its own, so the Roslyn analyzer ships no YAML dependency.
/// </summary>
public static class HadolintConfig
{
    public static LintOptions Parse(string yamlText, LintOptions? inherited = null)
    {
        var yaml = YamlSubset.Parse(yamlText);
        var baseOptions = inherited ?? LintOptions.Default;
        var options = new LintOptions
        {
            Ignored = new HashSet<string>(baseOptions.Ignored, System.StringComparer.OrdinalIgnoreCase),
            SeverityOverrides = new Dictionary<string, Severity>(baseOptions.SeverityOverrides, System.StringComparer.OrdinalIgnoreCase),
            TrustedRegistries = new List<string>(baseOptions.TrustedRegistries),
            LabelSchema = new Dictionary<string, string>(baseOptions.LabelSchema, System.StringComparer.Ordinal),
            StrictLabels = IsTrue(yaml.Scalar("strict-labels")) ?? baseOptions.StrictLabels,
            DisableIgnorePragmas = IsTrue(yaml.Scalar("disable-ignore-pragma")) ?? baseOptions.DisableIgnorePragmas,
            DockerIgnore = baseOptions.DockerIgnore,
        };

        foreach (var label in yaml.Mapping("label-schema"))
        {
            options.LabelSchema[label.Key] = label.Value;
        }

        foreach (var id in yaml.List("ignored"))
        {
            options.Ignored.Add(id);
        }

        Override(yaml, options, "error", Severity.Error);
        Override(yaml, options, "warning", Severity.Warning);
        Override(yaml, options, "info", Severity.Info);
        Override(yaml, options, "style", Severity.Style);
        foreach (var registry in yaml.List("trustedRegistries"))
        {
            if (!options.TrustedRegistries.Contains(registry))
            {
                options.TrustedRegistries.Add(registry);
            }
        }

        return options;
    }

    /// <summary>
    /// Everything in the file that cannot be applied as written, by line: YAML this reader cannot read, unknown keys,
    /// a single value where a list is expected (or the reverse), unknown severities, label types and rule ids.
    /// <see cref="Parse"/> skips such parts; callers that must not fail silently check here first.
    /// </summary>
    public static IReadOnlyList<ConfigProblem> Validate(string yamlText) => ConfigValidator.Validate(YamlSubset.Parse(yamlText));

    /// <summary>The <c>failure-threshold</c> setting, or null when absent or unknown.</summary>
    public static Severity? FailureThreshold(string yamlText)
        => ParseSeverity(YamlSubset.Parse(yamlText).Scalar("failure-threshold"));

    public static Severity? ParseSeverity(string? value)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "error":
                return Severity.Error;
            case "warning":
                return Severity.Warning;
            case "info":
                return Severity.Info;
            case "style":
                return Severity.Style;
            case "ignore":
            case "none":
                return Severity.None;
            default:
                return null;
        }
    }

    private static bool? IsTrue(string? value)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "true":
            case "yes":
            case "on":
                return true;
            case "false":
            case "no":
            case "off":
                return false;
            default:
                return null;
        }
    }

    private static void Override(YamlSubset yaml, LintOptions options, string level, Severity severity)
    {
        foreach (var id in yaml.List("override." + level))
        {
            options.SeverityOverrides[id] = severity;
        }
    }
}
