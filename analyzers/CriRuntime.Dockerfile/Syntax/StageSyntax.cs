using System.Collections.Generic;
using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile;

/// <summary>A build stage: a FROM and the instructions up to the next FROM.</summary>
public sealed class StageSyntax
{
    internal StageSyntax(int index, InstructionSyntax from)
    {
        Index = index;
        From = from;
    }

    public int Index { get; }

    public InstructionSyntax From { get; }

    /// <summary>The name after AS, lower-cased as BuildKit matches it; null when unnamed.</summary>
    public string? Name { get; internal set; }

    public SyntaxToken NameToken { get; internal set; }

    /// <summary>The base image as written.</summary>
    public SyntaxToken BaseToken { get; internal set; }

    /// <summary>The base image with ARG values expanded.</summary>
    public string BaseImage { get; internal set; } = string.Empty;

    /// <summary>Index of the earlier stage this one is built on, or -1 for an image.</summary>
    public int BaseStageIndex { get; internal set; } = -1;

    /// <summary>True when the final stage depends on this one (or it is the final stage).</summary>
    public bool IsReachableFromFinal { get; internal set; }

    public bool IsFinal { get; internal set; }

    internal OsFamily Os { get; set; }

    internal ShellKind Shell { get; set; }

    internal InstructionSyntax? ShellInstruction { get; set; }

    internal VariableScope Env { get; set; } = new();

    internal List<int> Dependencies { get; } = new();

    public IReadOnlyList<InstructionSyntax> Instructions { get; internal set; } = new InstructionSyntax[0];
}
