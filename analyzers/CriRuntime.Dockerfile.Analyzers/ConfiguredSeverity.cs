using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// Severities set the .NET way, as linter severity overrides by rule id: <c>dotnet_diagnostic.ID.severity</c> in global
/// configs (.globalconfig, MSBuild's <c>is_global</c> files) and in the <c>.editorconfig</c> sections matching the
/// Dockerfile (<see cref="EditorConfigSeverities"/>), with our ids, hadolint's or BuildKit check names. They apply over
/// <c>.hadolint.yaml</c>, editorconfig sections over global configs. Workspace hosts (the IDE,
/// Microsoft.CodeAnalysis.Testing) apply global settings only to diagnostics in syntax trees, and nobody applies
/// per-path sections or hadolint ids to additional files, so the analyzer does it before linting; a rule that is off by
/// default can be turned on this way.
/// </summary>
internal static class ConfiguredSeverity
{
    /// <summary>Global settings by rule id; the rule's own id wins over its hadolint id and its BuildKit check name.</summary>
    public static Dictionary<string, Severity> Global(Compilation compilation, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is null)
        {
            return result;
        }

        foreach (var rule in DockerfileLinter.Rules)
        {
            foreach (var id in new[] { rule.Id, rule.HadolintId, rule.BuildKitCheck })
            {
                if (id is not null && provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out var report) && FromReport(report) is { } severity)
                {
                    result[rule.Id] = severity;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The options to lint one Dockerfile with: its .hadolint.yaml options, then the global settings, then its
    /// editorconfig sections (ids as written resolved to our ids, ours winning over aliases).
    /// </summary>
    public static LintOptions Apply(LintOptions options, Dictionary<string, Severity> global, Dictionary<string, Severity> editorConfig)
    {
        if (global.Count == 0 && editorConfig.Count == 0)
        {
            return options;
        }

        var overrides = new Dictionary<string, Severity>(options.SeverityOverrides, StringComparer.OrdinalIgnoreCase);
        foreach (var pair in global)
        {
            overrides[pair.Key] = pair.Value;
        }

        foreach (var byAlias in new[] { false, true })
        {
            foreach (var pair in editorConfig)
            {
                foreach (var id in DockerfileLinter.ResolveRuleId(pair.Key))
                {
                    var isAlias = !string.Equals(id, pair.Key, StringComparison.OrdinalIgnoreCase);
                    if (isAlias == byAlias && (!byAlias || !editorConfig.ContainsKey(id)))
                    {
                        overrides[id] = pair.Value;
                    }
                }
            }
        }

        return options.With(severityOverrides: overrides);
    }

    private static Severity? FromReport(ReportDiagnostic report) => report switch
    {
        ReportDiagnostic.Error => Severity.Error,
        ReportDiagnostic.Warn => Severity.Warning,
        ReportDiagnostic.Info => Severity.Info,
        ReportDiagnostic.Hidden => Severity.Style,
        ReportDiagnostic.Suppress => Severity.None,
        _ => null,
    };
}
