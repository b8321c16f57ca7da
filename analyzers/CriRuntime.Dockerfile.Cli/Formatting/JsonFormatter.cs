using System.Text.Json;

namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary>
/// A JSON array of findings: file, range (1-based; end column exclusive), rule, severity, message and hadolintId
/// where the rule has one. Written with <see cref="Utf8JsonWriter"/>: no reflection, so NativeAOT-safe.
/// </summary>
internal sealed class JsonFormatter : IFindingFormatter
{
    public void Write(IReadOnlyList<LintedFile> files, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var file in files)
            {
                foreach (var finding in file.Findings)
                {
                    json.WriteStartObject();
                    json.WriteString("file", file.DisplayPath);
                    json.WriteStartObject("range");
                    json.WriteNumber("startLine", finding.Span.Line());
                    json.WriteNumber("startColumn", finding.Span.Column());
                    json.WriteNumber("endLine", finding.Span.EndLine());
                    json.WriteNumber("endColumn", finding.Span.EndColumn());
                    json.WriteEndObject();
                    json.WriteString("rule", finding.Rule.Id);
                    if (finding.Rule.HadolintId is { } hadolintId)
                    {
                        json.WriteString("hadolintId", hadolintId);
                    }

                    json.WriteString("severity", finding.Severity.Name());
                    json.WriteString("message", finding.Message);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
