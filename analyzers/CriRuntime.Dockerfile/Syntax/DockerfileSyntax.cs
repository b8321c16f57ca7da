using System.Collections.Generic;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile;

/// <summary>A parsed Dockerfile.</summary>
public sealed class DockerfileSyntax
{
    internal DockerfileSyntax(
        string text,
        char escapeChar,
        IReadOnlyList<ParserDirective> directives,
        IReadOnlyList<InstructionSyntax> instructions,
        IReadOnlyList<CommentSyntax> comments,
        IReadOnlyList<SyntaxError> errors,
        IReadOnlyList<int> emptyContinuationLines,
        LineMap lines)
    {
        Text = text;
        EscapeChar = escapeChar;
        Directives = directives;
        Instructions = instructions;
        Comments = comments;
        Errors = errors;
        EmptyContinuationLines = emptyContinuationLines;
        Lines = lines;
    }

    public string Text { get; }

    /// <summary><c>\</c> by default, or <c>`</c> set by <c># escape=`</c>.</summary>
    public char EscapeChar { get; }

    public IReadOnlyList<ParserDirective> Directives { get; }

    /// <summary>Top-level instructions in file order.</summary>
    public IReadOnlyList<InstructionSyntax> Instructions { get; }

    public IReadOnlyList<CommentSyntax> Comments { get; }

    public IReadOnlyList<SyntaxError> Errors { get; }

    /// <summary>Start offsets of empty lines inside continuations.</summary>
    public IReadOnlyList<int> EmptyContinuationLines { get; }

    public IReadOnlyList<StageSyntax> Stages { get; internal set; } = new StageSyntax[0];

    internal LineMap Lines { get; }

    public SourceSpan GetSpan(int start, int end) => Lines.Span(start, end);
}
