using System.Xml;

namespace CriRuntime.Dockerfile.Cli.Formatting;

/// <summary>Checkstyle XML, read by Jenkins, reviewdog and most CI dashboards. Style findings map to "info".</summary>
internal sealed class CheckstyleFormatter : IFindingFormatter
{
    public void Write(IReadOnlyList<LintedFile> files, TextWriter output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), NewLineChars = "\n" };
        using var stringWriter = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(stringWriter, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("checkstyle");
            xml.WriteAttributeString("version", "4.3");
            foreach (var file in files)
            {
                xml.WriteStartElement("file");
                xml.WriteAttributeString("name", file.DisplayPath);
                foreach (var finding in file.Findings)
                {
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("line", Number(finding.Span.Line()));
                    xml.WriteAttributeString("column", Number(finding.Span.Column()));
                    xml.WriteAttributeString("severity", finding.Severity is Severity.Error or Severity.Warning ? finding.Severity.Name() : "info");
                    xml.WriteAttributeString("message", finding.Message);
                    xml.WriteAttributeString("source", finding.Rule.Id);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        output.Write(stringWriter.ToString());
        output.Write('\n');
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>So the XML declaration says UTF-8, which is what reaches stdout.</summary>
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(System.Globalization.CultureInfo.InvariantCulture)
        {
        }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
