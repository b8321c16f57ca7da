namespace CriRuntime.Dockerfile.Cli;

internal enum OutputFormat
{
    Tty,
    Json,
    Sarif,
    Checkstyle,
    Gnu,
}
