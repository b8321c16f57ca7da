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

    /// <summary>Required labels of the final image and their value type (text, url, email, rfc3339, semver, hash, spdx), as hadolint's <c>label-schema</c>.</summary>
    public IDictionary<string, string> LabelSchema { get; init; } = new Dictionary<string, string>(System.StringComparer.Ordinal);

    /// <summary>With a label schema, labels outside it are reported (hadolint's <c>strict-labels</c>).</summary>
    public bool StrictLabels { get; init; }

    /// <summary>
    /// In-file ignore pragmas (<c># hadolint ignore=</c>, its <c>stage</c> and <c>global</c> forms, ours) are not
    /// honoured (hadolint's <c>disable-ignore-pragma</c>); BuildKit's <c># check=</c> directive still is.
    /// </summary>
    public bool DisableIgnorePragmas { get; init; }

    /// <summary>Content of the build context's .dockerignore, when known; lets COPY of ignored files be reported.</summary>
    public string? DockerIgnore { get; init; }
}
