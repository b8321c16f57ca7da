using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

/// <summary>Analyzer and code-fix tests whose subject is an additional file; the C# side is one empty class.</summary>
internal static class DockerfileTest
{
    public const string DockerfilePath = "/0/Dockerfile";

    public const string EmptySource = "internal sealed class C { }";

    /// <summary>
    /// No reference-assembly package: the framework's own CoreLib is enough for an empty class, and the tests then
    /// need neither network nor a NuGet cache.
    /// </summary>
    public static ReferenceAssemblies References { get; } = new("net10.0");

    public static MetadataReference CoreLib { get; } = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);

    public static CSharpAnalyzerTest<DockerfileAnalyzer, DefaultVerifier> Analyzer(string dockerfile)
    {
        var test = new CSharpAnalyzerTest<DockerfileAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = References,
        };
        test.TestState.Sources.Add(EmptySource);
        test.TestState.AdditionalReferences.Add(CoreLib);
        test.TestState.AdditionalFiles.Add((DockerfilePath, dockerfile));
        return test;
    }

    public static CSharpCodeFixTest<DockerfileAnalyzer, DockerfileCodeFixProvider, DefaultVerifier> CodeFix(string dockerfile, string fixedDockerfile)
    {
        var test = new CSharpCodeFixTest<DockerfileAnalyzer, DockerfileCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = References,
        };
        test.TestState.Sources.Add(EmptySource);
        test.TestState.AdditionalReferences.Add(CoreLib);
        test.TestState.AdditionalFiles.Add((DockerfilePath, dockerfile));
        test.FixedState.Sources.Add(EmptySource);
        test.FixedState.AdditionalReferences.Add(CoreLib);
        test.FixedState.AdditionalFiles.Add((DockerfilePath, fixedDockerfile));
        return test;
    }

    /// <summary>The diagnostic the analyzer must report for a finding: same id, message and exact range.</summary>
    public static DiagnosticResult Expected(Finding finding, DiagnosticSeverity severity, string path = DockerfilePath)
    {
        return new DiagnosticResult(finding.Rule.Id, severity)
            .WithSpan(path, finding.Span.StartLine + 1, finding.Span.StartColumn + 1, finding.Span.EndLine + 1, finding.Span.EndColumn + 1)
            .WithMessage(finding.Message);
    }

    /// <summary>Every finding the linter itself reports that Roslyn would show with these settings.</summary>
    public static IEnumerable<DiagnosticResult> ExpectedFor(string dockerfile, LintOptions? options = null, string path = DockerfilePath)
    {
        return ExpectedFor(dockerfile, f => f.Severity == Severity.None ? null : DockerfileDiagnostics.ToRoslyn(f.Severity), options, path);
    }

    /// <summary>As above, with the severity each finding should be reported at, or null for none.</summary>
    public static IEnumerable<DiagnosticResult> ExpectedFor(string dockerfile, Func<Finding, DiagnosticSeverity?> severity, LintOptions? options = null, string path = DockerfilePath)
    {
        foreach (var finding in DockerfileLinter.Lint(dockerfile, options).Findings)
        {
            if (severity(finding) is { } reported)
            {
                yield return Expected(finding, reported, path);
            }
        }
    }
}
