namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary>For people: <c>file:line:col id severity: message</c>, coloured on a terminal, and a closing count.</summary>
internal sealed class TtyFormatter(bool useColor) : IFindingFormatter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";

    public void Write(IReadOnlyList<LintedFile> files, TextWriter output)
    {
        var total = 0;
        foreach (var file in files)
        {
            foreach (var finding in file.Findings)
            {
                total++;
                Paint(output, Bold, $"{file.DisplayPath}:{finding.Span.Line()}:{finding.Span.Column()}");
                output.Write(' ');
                Paint(output, Dim, finding.Rule.HadolintId is { } hadolint ? $"{finding.Rule.Id}/{hadolint}" : finding.Rule.Id);
                output.Write(' ');
                Paint(output, ColorOf(finding.Severity), finding.Severity.Name());
                output.Write(": ");
                output.Write(finding.Message);
                output.Write('\n');
            }
        }

        if (total > 0)
        {
            output.Write($"{total} finding{(total == 1 ? string.Empty : "s")} in {files.Count(f => f.Findings.Count > 0)} of {files.Count} file{(files.Count == 1 ? string.Empty : "s")}\n");
        }
    }

    private void Paint(TextWriter output, string color, string text)
    {
        if (useColor)
        {
            output.Write(color);
            output.Write(text);
            output.Write(Reset);
        }
        else
        {
            output.Write(text);
        }
    }

    private static string ColorOf(Severity severity) => severity switch
    {
        Severity.Error => "\u001b[31m",
        Severity.Warning => "\u001b[33m",
        Severity.Info => "\u001b[36m",
        _ => Dim,
    };
}
