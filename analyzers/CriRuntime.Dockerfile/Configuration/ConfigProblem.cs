namespace CriRuntime.Dockerfile;

/// <summary>
/// Why a configuration file (.hadolint.yaml, .dockerfile-lint.yaml) cannot be applied as written: the 1-based line,
/// the key (<c>override.error</c>; empty when the line has none) and the problem.
/// </summary>
public sealed record ConfigProblem(int Line, string Key, string Message)
{
    /// <summary><c>FILE:LINE: key 'KEY': MESSAGE</c>, the one line the CLI prints and the analyzer reports.</summary>
    public string Describe(string file) => Key.Length == 0 ? $"{file}:{Line}: {Message}" : $"{file}:{Line}: key '{Key}': {Message}";
}
