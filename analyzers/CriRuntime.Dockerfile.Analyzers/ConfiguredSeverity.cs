using System.Threading;
using Microsoft.CodeAnalysis;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// Applies <c>dotnet_diagnostic.ID.severity</c> from global configs (.globalconfig, or MSBuild's
/// <c>is_global</c> files) before reporting. The command-line compiler would apply it anyway, but workspace hosts
/// (the IDE, Microsoft.CodeAnalysis.Testing) apply it only to diagnostics in syntax trees, not in additional files.
/// Per-path .editorconfig sections cannot be honoured: Roslyn keeps those keys from analyzers and applies them to
/// syntax trees only.
/// </summary>
internal static class ConfiguredSeverity
{
    /// <summary>The severity to report, or null to report nothing.</summary>
    public static DiagnosticSeverity? Resolve(Compilation compilation, string id, Severity linterSeverity, CancellationToken cancellationToken)
    {
        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is null || !provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out var report))
        {
            return linterSeverity == Severity.None ? null : DockerfileDiagnostics.ToRoslyn(linterSeverity);
        }

        return report switch
        {
            ReportDiagnostic.Error => DiagnosticSeverity.Error,
            ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
            ReportDiagnostic.Info => DiagnosticSeverity.Info,
            ReportDiagnostic.Hidden => DiagnosticSeverity.Hidden,
            ReportDiagnostic.Suppress => null,
            _ => linterSeverity == Severity.None ? null : DockerfileDiagnostics.ToRoslyn(linterSeverity),
        };
    }
}
