using System.Collections.Generic;
using CriRuntime.Dockerfile.Semantics;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile;

/// <summary>One instruction, with continuation lines joined and every token mapped back to the file.</summary>
public sealed class InstructionSyntax
{
    private static readonly IReadOnlyList<FlagSyntax> NoFlags = new FlagSyntax[0];
    private static readonly IReadOnlyList<SyntaxToken> NoTokens = new SyntaxToken[0];
    private static readonly IReadOnlyList<KeyValueSyntax> NoPairs = new KeyValueSyntax[0];
    private static readonly IReadOnlyList<HeredocSyntax> NoHeredocs = new HeredocSyntax[0];

    internal InstructionSyntax(string keyword, SyntaxToken keywordToken, LogicalLine line, int start, int end)
    {
        Keyword = keyword;
        KeywordToken = keywordToken;
        Line = line;
        Start = start;
        End = end;
    }

    /// <summary>Upper-case keyword (FROM, RUN, ...); unknown keywords are kept as written, upper-cased.</summary>
    public string Keyword { get; }

    /// <summary>The keyword as written (its casing matters to ConsistentInstructionCasing).</summary>
    public SyntaxToken KeywordToken { get; }

    public IReadOnlyList<FlagSyntax> Flags { get; internal set; } = NoFlags;

    /// <summary>Words of the instruction after the flags. Shell-form RUN/CMD/ENTRYPOINT have one token: the command.</summary>
    public IReadOnlyList<SyntaxToken> Arguments { get; internal set; } = NoTokens;

    /// <summary>ENV, LABEL and ARG pairs.</summary>
    public IReadOnlyList<KeyValueSyntax> Pairs { get; internal set; } = NoPairs;

    public IReadOnlyList<HeredocSyntax> Heredocs { get; internal set; } = NoHeredocs;

    /// <summary>JSON (exec) form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME or HEALTHCHECK CMD.</summary>
    public bool IsExecForm { get; internal set; }

    /// <summary>The argument text after the flags (logical, trimmed), as one token.</summary>
    public SyntaxToken ArgumentText { get; internal set; }

    /// <summary>The instruction ONBUILD triggers.</summary>
    public InstructionSyntax? Trigger { get; internal set; }

    /// <summary>Index of the stage the instruction belongs to; -1 before the first FROM.</summary>
    public int StageIndex { get; internal set; } = -1;

    /// <summary>Offset of the keyword.</summary>
    public int Start { get; }

    /// <summary>Offset past the last character (including heredoc bodies).</summary>
    public int End { get; internal set; }

    /// <summary>Offset past the last character of the instruction line itself (before heredoc bodies).</summary>
    public int LineEnd { get; internal set; }

    internal LogicalLine Line { get; }

    internal InstructionInfo Info { get; } = new();

    /// <summary>Logical offset where the arguments (after flags) start.</summary>
    internal int ArgumentsLogicalStart { get; set; }

    public FlagSyntax? GetFlag(string name)
    {
        for (var i = 0; i < Flags.Count; i++)
        {
            if (Flags[i].Name == name)
            {
                return Flags[i];
            }
        }

        return null;
    }

    public override string ToString() => Line.Text;
}
