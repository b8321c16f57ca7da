namespace CriRuntime.Cli.Output;

/// <summary>How results are written: a human table (default), or JSON or YAML for scripts (<c>-o json|yaml</c>).</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
