using System.Collections.Generic;
using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>What the semantic pass learned about one instruction.</summary>
internal sealed class InstructionInfo
{
    /// <summary>Arguments (or pair values for ENV/LABEL/ARG) with variables expanded; null when the instruction does not expand.</summary>
    public string[]? Expanded { get; set; }

    public List<UnresolvedVariable>? Unresolved { get; set; }

    /// <summary>COPY --from / RUN --mount from: the stage referred to, or -1.</summary>
    public int FromStageIndex { get; set; } = -1;

    public string? FromValue { get; set; }

    public ShellKind Shell { get; set; }

    /// <summary>The SHELL in force sets <c>-o pipefail</c>.</summary>
    public bool ShellHasPipefail { get; set; }

    public bool ShellIsBash { get; set; }

    /// <summary>The SHELL instruction in force at this instruction (its stage's or its base stage's, before it); null for the default shell.</summary>
    public InstructionSyntax? ShellInstruction { get; set; }

    public OsFamily Os { get; set; }

    /// <summary>Parsed shell commands of a shell-form RUN (and RUN heredoc scripts); null otherwise.</summary>
    public ShellScript? Script { get; set; }
}
