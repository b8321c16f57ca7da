using System.Collections.Generic;

namespace CriRuntime.Dockerfile;

/// <summary>What <see cref="DockerfileLinter.Lint"/> found, with the syntax it read.</summary>
public sealed class LintResult
{
    internal LintResult(IReadOnlyList<Finding> findings, DockerfileSyntax syntax)
    {
        Findings = findings;
        Syntax = syntax;
    }

    /// <summary>Findings sorted by position, then rule id.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public DockerfileSyntax Syntax { get; }
}
