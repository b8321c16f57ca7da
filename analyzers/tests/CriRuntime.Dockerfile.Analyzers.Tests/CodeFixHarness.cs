using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

/// <summary>
/// Drives the code fix the way an IDE does, in an AdhocWorkspace. Microsoft.CodeAnalysis.Testing's CodeFixTest
/// (1.1.x) only hands fixers diagnostics located in syntax trees, so it cannot exercise a fix of an additional file.
/// </summary>
internal sealed class CodeFixHarness : IDisposable
{
    private readonly AdhocWorkspace _workspace = new();

    public CodeFixHarness(string dockerfile, params (string Path, string Text)[] additionalFiles)
    {
        var project = _workspace.AddProject("Sample", LanguageNames.CSharp)
            .AddMetadataReference(DockerfileTest.CoreLib)
            .AddDocument("C.cs", DockerfileTest.EmptySource, filePath: "/0/C.cs").Project;
        var document = project.AddAdditionalDocument("Dockerfile", SourceText.From(dockerfile), filePath: DockerfileTest.DockerfilePath);
        project = document.Project;
        foreach (var (path, text) in additionalFiles)
        {
            project = project.AddAdditionalDocument(Path.GetFileName(path), SourceText.From(text), filePath: path).Project;
        }

        Solution = project.Solution;
        DockerfileId = document.Id;
    }

    public Solution Solution { get; private set; }

    public DocumentId DockerfileId { get; }

    public Project Project => Solution.Projects.Single();

    public TextDocument Dockerfile => Solution.GetAdditionalDocument(DockerfileId)!;

    public async Task<string> DockerfileTextAsync() => (await Dockerfile.GetTextAsync()).ToString();

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync()
    {
        var compilation = (await Project.GetCompilationAsync())!;
        return await compilation
            .WithAnalyzers([new DockerfileAnalyzer()], Project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    public async Task<List<CodeAction>> ActionsAsync(Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(Dockerfile, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new DockerfileCodeFixProvider().RegisterCodeFixesAsync(context);
        return actions;
    }

    public async Task ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>Runs fix-all over the project as the IDE would after the user picked <paramref name="action"/>.</summary>
    public async Task FixAllAsync(CodeAction action, ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = new DockerfileCodeFixProvider();
        var context = new FixAllContext(
            Project.Documents.Single(),
            provider,
            FixAllScope.Project,
            action.EquivalenceKey!,
            provider.FixableDiagnosticIds,
            new FixedDiagnostics(diagnostics),
            CancellationToken.None);
        var fixAll = await provider.GetFixAllProvider().GetFixAsync(context);
        await ApplyAsync(fixAll!);
    }

    public void Dispose() => _workspace.Dispose();

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
