using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>Lints every Dockerfile among the compilation's AdditionalFiles and reports each finding at its exact range.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DockerfileAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DockerfileDiagnostics.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // .hadolint.yaml and .dockerignore files are read once per compilation, then shared by every Dockerfile's action.
            var configs = new LintConfigFiles(TextsOf(start.Options, DockerfileFileNames.IsConfig, start.CancellationToken));
            var dockerIgnores = new DockerIgnoreFiles(TextsOf(start.Options, DockerIgnoreFiles.IsDockerIgnore, start.CancellationToken));
            start.RegisterAdditionalFileAction(file => Analyze(file, configs, dockerIgnores));
        });
    }

    private static List<(string Path, string Text)> TextsOf(AnalyzerOptions options, Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        return options.AdditionalFiles
            .Where(file => predicate(file.Path))
            .Select(file => (file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .ToList();
    }

    private static void Analyze(AdditionalFileAnalysisContext context, LintConfigFiles configs, DockerIgnoreFiles dockerIgnores)
    {
        var path = context.AdditionalFile.Path;
        if (DockerfileFileNames.IsConfig(path))
        {
            ReportConfigurationProblem(context, path);
            return;
        }

        if (!DockerfileFileNames.IsDockerfile(path))
        {
            return;
        }

        var text = context.AdditionalFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var options = configs.For(path).With(dockerIgnore: dockerIgnores.For(path));
        var result = DockerfileLinter.Lint(text.ToString(), options);
        foreach (var finding in result.Findings)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var descriptor = DockerfileDiagnostics.Find(finding.Rule.Id);
            if (descriptor is null)
            {
                continue;
            }

            // .hadolint.yaml decided finding.Severity; a global config's dotnet_diagnostic setting wins over it.
            var severity = ConfiguredSeverity.Resolve(context.Compilation, descriptor.Id, finding.Severity, context.CancellationToken);
            if (severity is null)
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                LocationOf(path, text, finding.Span),
                severity.Value,
                additionalLocations: null,
                properties: null,
                finding.Message));
        }
    }

    /// <summary>The first problem of a configuration file, at its line: one diagnostic per file.</summary>
    private static void ReportConfigurationProblem(AdditionalFileAnalysisContext context, string path)
    {
        var text = context.AdditionalFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var problems = HadolintConfig.Validate(text.ToString());
        if (problems.Count == 0)
        {
            return;
        }

        var problem = problems[0];
        var line = text.Lines[System.Math.Min(System.Math.Max(problem.Line - 1, 0), text.Lines.Count - 1)];
        var location = Location.Create(path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
        context.ReportDiagnostic(Diagnostic.Create(DockerfileDiagnostics.ConfigurationError, location, problem.Describe(System.IO.Path.GetFileName(path))));
    }

    /// <summary>The finding's own range; clamped so a span past the end of the text cannot throw in the compiler.</summary>
    internal static Location LocationOf(string path, SourceText text, SourceSpan span)
    {
        var start = System.Math.Min(System.Math.Max(span.Start, 0), text.Length);
        var end = System.Math.Min(System.Math.Max(span.End, start), text.Length);
        var lines = new LinePositionSpan(
            new LinePosition(span.StartLine, span.StartColumn),
            new LinePosition(span.EndLine, span.EndColumn));
        return Location.Create(path, TextSpan.FromBounds(start, end), lines);
    }
}
