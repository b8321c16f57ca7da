using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>Offers the linter's own fixes for a finding in a Dockerfile additional document.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DockerfileCodeFixProvider), DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) })]
[Shared]
public sealed class DockerfileCodeFixProvider : CodeFixProvider
{
    // Every rule, not only those flagged HasFix: a finding's own Fixes decide, and asking costs one re-lint.
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        DockerfileLinter.Rules.Select(rule => rule.Id).ToImmutableArray();

    public override FixAllProvider GetFixAllProvider() => DockerfileFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.TextDocument;
        if (!DockerfileFileNames.IsDockerfile(DockerfileFixes.PathOf(document)))
        {
            return;
        }

        var text = await document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
        var options = await DockerfileFixes.OptionsForAsync(document, context.CancellationToken).ConfigureAwait(false);
        var result = DockerfileLinter.Lint(text.ToString(), options);
        foreach (var diagnostic in context.Diagnostics)
        {
            var finding = DockerfileFixes.FindingFor(result, diagnostic);
            if (finding is null)
            {
                continue;
            }

            for (var i = 0; i < finding.Fixes.Count; i++)
            {
                var fix = finding.Fixes[i];
                context.RegisterCodeFix(
                    CodeAction.Create(
                        fix.Title,
                        ct => Task.FromResult(DockerfileFixes.Apply(document.Project.Solution, document.Id, text, fix.Edits)),
                        DockerfileFixes.EquivalenceKey(finding.Rule.Id, i)),
                    diagnostic);
            }
        }
    }
}
