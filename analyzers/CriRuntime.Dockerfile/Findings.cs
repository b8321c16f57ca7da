using System.Collections.Generic;

namespace CriRuntime.Dockerfile;

/// <summary>How loudly a finding is reported. Ordered from the most to the least severe.</summary>
public enum Severity
{
    Error,
    Warning,
    Info,
    Style,
    None,
}

/// <summary>A range of the Dockerfile's text: offsets and 0-based line/column (Roslyn's convention; the CLI prints 1-based).</summary>
public readonly struct SourceSpan
{
    public SourceSpan(int start, int length, int startLine, int startColumn, int endLine, int endColumn)
    {
        Start = start;
        Length = length;
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    public int Start { get; }
    public int Length { get; }
    public int End => Start + Length;
    public int StartLine { get; }
    public int StartColumn { get; }
    public int EndLine { get; }
    public int EndColumn { get; }
}

/// <summary>What a rule is: its id, text, default severity and the hadolint id it stands for.</summary>
public sealed class RuleDescriptor
{
    public RuleDescriptor(string id, string title, string messageFormat, string category, Severity defaultSeverity, string? hadolintId, string helpUri)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Category = category;
        DefaultSeverity = defaultSeverity;
        HadolintId = hadolintId;
        HelpUri = helpUri;
    }

    public string Id { get; }
    public string Title { get; }
    public string MessageFormat { get; }
    public string Category { get; }
    public Severity DefaultSeverity { get; }
    public string? HadolintId { get; }
    public string HelpUri { get; }

    /// <summary>The BuildKit check (<c>docker build --check</c>) this rule matches, if any.</summary>
    public string? BuildKitCheck { get; init; }

    /// <summary>True when findings of this rule usually carry a mechanical <see cref="Fix"/>.</summary>
    public bool HasFix { get; init; }

    public override string ToString() => Id + ": " + Title;
}

/// <summary>One text replacement of a fix.</summary>
public sealed class TextEdit
{
    public TextEdit(SourceSpan span, string newText)
    {
        Span = span;
        NewText = newText;
    }

    public SourceSpan Span { get; }
    public string NewText { get; }
}

/// <summary>A mechanical change that resolves a finding.</summary>
public sealed class Fix
{
    public Fix(string title, IReadOnlyList<TextEdit> edits)
    {
        Title = title;
        Edits = edits;
    }

    public string Title { get; }
    public IReadOnlyList<TextEdit> Edits { get; }
}

/// <summary>A rule's finding at an exact span, with the severity in force after configuration.</summary>
public sealed class Finding
{
    public Finding(RuleDescriptor rule, Severity severity, string message, SourceSpan span, IReadOnlyList<Fix> fixes)
    {
        Rule = rule;
        Severity = severity;
        Message = message;
        Span = span;
        Fixes = fixes;
    }

    public RuleDescriptor Rule { get; }
    public Severity Severity { get; }
    public string Message { get; }
    public SourceSpan Span { get; }
    public IReadOnlyList<Fix> Fixes { get; }
}
