using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>What the code fix and the fix-all share: re-linting a document and turning a fix's edits into new text.</summary>
internal static class DockerfileFixes
{
    public static string EquivalenceKey(string ruleId, int fixIndex) => ruleId + "#" + fixIndex;

    /// <summary>The document's path; some hosts give additional documents a name but no file path.</summary>
    public static string PathOf(TextDocument document) => document.FilePath ?? document.Name;

    /// <summary>The same configuration the analyzer used, read from the project's .hadolint.yaml and .dockerignore additional documents.</summary>
    public static async Task<LintOptions> OptionsForAsync(TextDocument document, CancellationToken cancellationToken)
    {
        var files = new List<(string, string)>();
        foreach (var candidate in document.Project.AdditionalDocuments)
        {
            var path = PathOf(candidate);
            if (DockerfileFileNames.IsConfig(path) || DockerIgnoreFiles.IsDockerIgnore(path))
            {
                var text = await candidate.GetTextAsync(cancellationToken).ConfigureAwait(false);
                files.Add((path, text.ToString()));
            }
        }

        var dockerfile = PathOf(document);
        return new LintConfigFiles(files).For(dockerfile).With(dockerIgnore: new DockerIgnoreFiles(files).For(dockerfile));
    }

    /// <summary>The finding a diagnostic was reported for: same rule id and same span.</summary>
    public static Finding? FindingFor(LintResult result, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        return result.Findings.FirstOrDefault(f =>
            f.Rule.Id == diagnostic.Id && f.Span.Start == span.Start && f.Span.Length == span.Length && f.Fixes.Count > 0);
    }

    public static Solution Apply(Solution solution, DocumentId documentId, SourceText text, IEnumerable<TextEdit> edits)
    {
        return solution.WithAdditionalDocumentText(documentId, text.WithChanges(ToChanges(edits)));
    }

    /// <summary>Sorted and without overlaps, as <see cref="SourceText.WithChanges(IEnumerable{TextChange})"/> requires; an edit overlapping an earlier one is dropped.</summary>
    public static List<TextChange> ToChanges(IEnumerable<TextEdit> edits)
    {
        var changes = new List<TextChange>();
        var end = -1;
        foreach (var edit in edits.OrderBy(e => e.Span.Start).ThenBy(e => e.Span.Length))
        {
            if (edit.Span.Start < end)
            {
                continue;
            }

            changes.Add(new TextChange(new TextSpan(edit.Span.Start, edit.Span.Length), edit.NewText));
            end = edit.Span.End;
        }

        return changes;
    }
}
