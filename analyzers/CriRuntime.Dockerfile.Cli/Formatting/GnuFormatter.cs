namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary><c>file:line:col: severity: message [id]</c>, the GNU error format editors jump to.</summary>
internal sealed class GnuFormatter : IFindingFormatter
{
    public void Write(IReadOnlyList<LintedFile> files, TextWriter output)
    {
        foreach (var file in files)
        {
            foreach (var finding in file.Findings)
            {
                output.Write(file.DisplayPath);
                output.Write(':');
                output.Write(finding.Span.Line());
                output.Write(':');
                output.Write(finding.Span.Column());
                output.Write(": ");
                output.Write(finding.Severity.Name());
                output.Write(": ");
                output.Write(finding.Message);
                output.Write(" [");
                output.Write(finding.Rule.Id);
                output.Write(']');
                output.Write('\n');
            }
        }
    }
}
