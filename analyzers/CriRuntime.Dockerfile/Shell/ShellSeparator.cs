namespace CriRuntime.Dockerfile.Shell;

/// <summary>The operator that ends a simple command.</summary>
internal enum ShellSeparator
{
    None,
    And,
    Or,
    Semicolon,
    Pipe,
    Background,
}
