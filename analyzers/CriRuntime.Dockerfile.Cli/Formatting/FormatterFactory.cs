namespace CriRuntime.Dockerfile.Cli.Formatting;

internal static class FormatterFactory
{
    public static IFindingFormatter Create(OutputFormat format, bool useColor) => format switch
    {
        OutputFormat.Json => new JsonFormatter(),
        OutputFormat.Sarif => new SarifFormatter(),
        OutputFormat.Checkstyle => new CheckstyleFormatter(),
        OutputFormat.Gnu => new GnuFormatter(),
        _ => new TtyFormatter(useColor),
    };
}
