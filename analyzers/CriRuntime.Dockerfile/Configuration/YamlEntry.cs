namespace CriRuntime.Dockerfile.Configuration;

/// <summary>What a YAML key holds.</summary>
internal enum YamlKind
{
    /// <summary><c>key:</c> with nothing after it (YAML null).</summary>
    Empty,
    Scalar,
    List,
    Mapping,
}

/// <summary>A key of a configuration file: its path (<c>override.error</c>), what it holds and its 1-based line.</summary>
internal sealed record YamlEntry(string Path, YamlKind Kind, int Line);
