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
            var settings = new Settings(
                new LintConfigFiles(TextsOf(start.Options, DockerfileFileNames.IsConfig, start.CancellationToken)),
                new DockerIgnoreFiles(TextsOf(start.Options, DockerIgnoreFiles.IsDockerIgnore, start.CancellationToken)),
                new EditorConfigSeverities(TextsOf(start.Options, EditorConfigSeverities.IsEditorConfig, start.CancellationToken)),
                ConfiguredSeverity.Global(start.Compilation, start.CancellationToken),
                new BaselineFiles(TextsOf(start.Options, BaselineFiles.IsBaseline, start.CancellationToken)));
            start.RegisterAdditionalFileAction(file => Analyze(file, settings));
        });
    }

    private static List<(string Path, string Text)> TextsOf(AnalyzerOptions options, Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        return options.AdditionalFiles
            .Where(file => predicate(file.Path))
            .Select(file => (file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .ToList();
    }

    private static void Analyze(AdditionalFileAnalysisContext context, Settings settings)
    {
        var path = context.AdditionalFile.Path;
        if (DockerfileFileNames.IsConfig(path))
        {
            ReportConfigurationProblem(context, path);
            return;
        }

        if (ContainerProperties.IsProjectFile(path))
        {
            AnalyzeContainerProperties(context, path, settings);
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

        var source = text.ToString();
        var result = DockerfileLinter.Lint(source, settings.OptionsFor(path));
        foreach (var finding in settings.Baselines.NewFindings(path, source, result.Findings))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            Report(context, finding, LocationOf(path, text, finding.Span), finding.Message);
        }
    }

    /// <summary>The SDK's Container* properties, checked as the FROM and USER they stand for, at the property's value.</summary>
    private static void AnalyzeContainerProperties(AdditionalFileAnalysisContext context, string path, Settings settings)
    {
        var text = context.AdditionalFile.GetText(context.CancellationToken);
        var globalOptions = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (text is null)
        {
            return;
        }

        var projectText = text.ToString();
        foreach (var (property, finding) in ContainerProperties.Check(globalOptions, settings.OptionsFor(path)))
        {
            var span = ContainerProperties.Locate(projectText, property) ?? (0, 0);
            var location = Location.Create(path, TextSpan.FromBounds(span.Start, span.End), text.Lines.GetLinePositionSpan(TextSpan.FromBounds(span.Start, span.End)));
            Report(context, finding, location, property + ": " + finding.Message);
        }

        if (ContainerProperties.IgnoredFamily(globalOptions) is { } family)
        {
            // At the property's value, or the file's start when it is set elsewhere (Directory.Build.props).
            var span = ContainerProperties.Locate(projectText, ContainerProperties.Family) ?? (0, 0);
            var bounds = TextSpan.FromBounds(span.Start, span.End);
            var location = Location.Create(path, bounds, text.Lines.GetLinePositionSpan(bounds));
            context.ReportDiagnostic(Diagnostic.Create(DockerfileDiagnostics.ContainerFamilyIgnored, location, family));
        }
    }

    private static void Report(AdditionalFileAnalysisContext context, Finding finding, Location location, string message)
    {
        var descriptor = DockerfileDiagnostics.Find(finding.Rule.Id, enabled: true);
        if (descriptor is not null && finding.Severity != Severity.None)
        {
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, DockerfileDiagnostics.ToRoslyn(finding.Severity), additionalLocations: null, properties: null, message));
        }
    }

    /// <summary>What every additional file's action shares: configuration read once per compilation.</summary>
    private sealed class Settings(LintConfigFiles configs, DockerIgnoreFiles dockerIgnores, EditorConfigSeverities editorConfigs, Dictionary<string, Severity> global, BaselineFiles baselines)
    {
        public BaselineFiles Baselines => baselines;

        /// <summary>.hadolint.yaml and .dockerignore for the file's directory, then global and editorconfig severities.</summary>
        public LintOptions OptionsFor(string path)
            => ConfiguredSeverity.Apply(configs.For(path).With(dockerIgnore: dockerIgnores.For(path)), global, editorConfigs.For(path));
    }

    /// <summary>Every problem of a configuration file, each at its line, so one build shows all there is to mend.</summary>
    private static void ReportConfigurationProblem(AdditionalFileAnalysisContext context, string path)
    {
        var text = context.AdditionalFile.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        foreach (var problem in HadolintConfig.Validate(text.ToString()))
        {
            var line = text.Lines[System.Math.Min(System.Math.Max(problem.Line - 1, 0), text.Lines.Count - 1)];
            var location = Location.Create(path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
            context.ReportDiagnostic(Diagnostic.Create(DockerfileDiagnostics.ConfigurationError, location, problem.Describe(System.IO.Path.GetFileName(path))));
        }
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
