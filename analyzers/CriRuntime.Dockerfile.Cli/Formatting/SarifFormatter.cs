using System.Text.Json;

namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary>
/// SARIF 2.1.0 (GitHub code scanning, Azure DevOps): one run, every rule with its help URI, one result per finding
/// with its region and, where the linter has one, its fix as replacements.
/// </summary>
internal sealed class SarifFormatter : IFindingFormatter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public void Write(IReadOnlyList<LintedFile> files, TextWriter output)
    {
        var rules = DockerfileLinter.Rules;
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            ruleIndex[rules[i].Id] = i;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, rules);
            json.WriteStartArray("results");
            foreach (var file in files)
            {
                var uri = UriOf(file.DisplayPath);
                foreach (var finding in file.Findings)
                {
                    WriteResult(json, finding, uri, ruleIndex);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    private static void WriteTool(Utf8JsonWriter json, IReadOnlyList<RuleDescriptor> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "dockerfile-lint");
        json.WriteString("semanticVersion", VersionInfo.Version);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title);
            json.WriteEndObject();
            json.WriteString("helpUri", rule.HelpUri);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", LevelOf(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("category", rule.Category);
            if (rule.HadolintId is { } hadolintId)
            {
                json.WriteString("hadolintId", hadolintId);
            }

            if (rule.BuildKitCheck is { } buildKitCheck)
            {
                json.WriteString("buildKitCheck", buildKitCheck);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, string uri, Dictionary<string, int> ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Id);
        if (ruleIndex.TryGetValue(finding.Rule.Id, out var index))
        {
            json.WriteNumber("ruleIndex", index);
        }

        json.WriteString("level", LevelOf(finding.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        WriteArtifact(json, uri);
        json.WriteStartObject("region");
        json.WriteNumber("startLine", finding.Span.Line());
        json.WriteNumber("startColumn", finding.Span.Column());
        json.WriteNumber("endLine", finding.Span.EndLine());
        json.WriteNumber("endColumn", finding.Span.EndColumn());
        json.WriteNumber("charOffset", finding.Span.Start);
        json.WriteNumber("charLength", finding.Span.Length);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        if (finding.Fixes.Count > 0)
        {
            WriteFixes(json, finding.Fixes, uri);
        }

        json.WriteEndObject();
    }

    private static void WriteFixes(Utf8JsonWriter json, IReadOnlyList<Fix> fixes, string uri)
    {
        json.WriteStartArray("fixes");
        foreach (var fix in fixes)
        {
            json.WriteStartObject();
            json.WriteStartObject("description");
            json.WriteString("text", fix.Title);
            json.WriteEndObject();
            json.WriteStartArray("artifactChanges");
            json.WriteStartObject();
            WriteArtifact(json, uri);
            json.WriteStartArray("replacements");
            foreach (var edit in fix.Edits)
            {
                json.WriteStartObject();
                json.WriteStartObject("deletedRegion");
                json.WriteNumber("charOffset", edit.Span.Start);
                json.WriteNumber("charLength", edit.Span.Length);
                json.WriteEndObject();
                json.WriteStartObject("insertedContent");
                json.WriteString("text", edit.NewText);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteArtifact(Utf8JsonWriter json, string uri)
    {
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", uri);
        json.WriteEndObject();
    }

    /// <summary>SARIF has three levels; info and style are both "note".</summary>
    private static string LevelOf(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.None => "none",
        _ => "note",
    };

    /// <summary>A relative URI reference with forward slashes and each segment escaped.</summary>
    internal static string UriOf(string displayPath)
    {
        var segments = displayPath.Replace('\\', '/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.EscapeDataString(segments[i]);
        }

        var uri = string.Join('/', segments);
        return displayPath.StartsWith('/') ? "file://" + uri : uri;
    }
}
