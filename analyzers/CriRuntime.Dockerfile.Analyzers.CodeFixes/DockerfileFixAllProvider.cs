using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// Fix-all for Dockerfiles. Roslyn's batch fixer only walks C# documents, so this one re-lints every Dockerfile
/// additional document in scope and applies, per file, the chosen fix of every finding that was reported.
/// </summary>
internal sealed class DockerfileFixAllProvider : FixAllProvider
{
    public static DockerfileFixAllProvider Instance { get; } = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var key = fixAllContext.CodeActionEquivalenceKey;
        if (key is null)
        {
            return Task.FromResult<CodeAction?>(null);
        }

        var projects = fixAllContext.Scope == FixAllScope.Solution
            ? fixAllContext.Solution.Projects.ToImmutableArray()
            : ImmutableArray.Create(fixAllContext.Project);
        return Task.FromResult<CodeAction?>(CodeAction.Create(
            "Fix all Dockerfile findings of this kind",
            ct => FixAllAsync(fixAllContext, projects, key, ct),
            key));
    }

    private static async Task<Solution> FixAllAsync(FixAllContext context, ImmutableArray<Project> projects, string key, CancellationToken cancellationToken)
    {
        var solution = context.Solution;
        foreach (var project in projects)
        {
            var diagnostics = await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            var byPath = diagnostics
                .Where(d => d.Location.Kind == LocationKind.ExternalFile && context.DiagnosticIds.Contains(d.Id))
                .ToLookup(d => d.Location.GetLineSpan().Path);
            foreach (var document in project.AdditionalDocuments)
            {
                var path = DockerfileFixes.PathOf(document);
                if (!byPath.Contains(path))
                {
                    continue;
                }

                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var options = await DockerfileFixes.OptionsForAsync(document, cancellationToken).ConfigureAwait(false);
                var result = DockerfileLinter.Lint(text.ToString(), options);
                var edits = new List<TextEdit>();
                foreach (var diagnostic in byPath[path])
                {
                    var finding = DockerfileFixes.FindingFor(result, diagnostic);
                    var index = finding is null ? -1 : IndexOf(finding, key);
                    if (index >= 0)
                    {
                        edits.AddRange(finding!.Fixes[index].Edits);
                    }
                }

                if (edits.Count > 0)
                {
                    solution = DockerfileFixes.Apply(solution, document.Id, text, edits);
                }
            }
        }

        return solution;
    }

    private static int IndexOf(Finding finding, string key)
    {
        for (var i = 0; i < finding.Fixes.Count; i++)
        {
            if (DockerfileFixes.EquivalenceKey(finding.Rule.Id, i) == key)
            {
                return i;
            }
        }

        return -1;
    }
}
