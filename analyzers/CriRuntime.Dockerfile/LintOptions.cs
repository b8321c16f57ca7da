using System.Collections.Generic;

namespace CriRuntime.Dockerfile;

/// <summary>Configuration in force for one file, whatever its source (.hadolint.yaml, .editorconfig, CLI flags).</summary>
public sealed class LintOptions
{
    public static LintOptions Default { get; } = new();

    /// <summary>Rule ids (ours or hadolint's) that are not reported.</summary>
    public ISet<string> Ignored { get; init; } = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

    /// <summary>Severity per rule id (ours or hadolint's), overriding the default.</summary>
    public IDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>(System.StringComparer.OrdinalIgnoreCase);

    /// <summary>Registries FROM may use; empty means any.</summary>
    public IList<string> TrustedRegistries { get; init; } = new List<string>();
}
