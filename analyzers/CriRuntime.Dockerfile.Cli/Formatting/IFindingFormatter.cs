namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary>Writes every file's findings in one output format.</summary>
internal interface IFindingFormatter
{
    void Write(IReadOnlyList<LintedFile> files, TextWriter output);
}
