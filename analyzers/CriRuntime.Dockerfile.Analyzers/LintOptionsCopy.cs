using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// A copy of <see cref="LintOptions"/> with some properties replaced: it has init-only properties and no copy method.
/// Every property must be listed here; a test compares them against the type by reflection.
/// </summary>
internal static class LintOptionsCopy
{
    public static LintOptions With(
        this LintOptions options,
        ISet<string>? ignored = null,
        IDictionary<string, Severity>? severityOverrides = null,
        IList<string>? trustedRegistries = null,
        string? dockerIgnore = null,
        bool? disableIgnorePragmas = null)
    {
        return new LintOptions
        {
            Ignored = ignored ?? options.Ignored,
            SeverityOverrides = severityOverrides ?? options.SeverityOverrides,
            TrustedRegistries = trustedRegistries ?? options.TrustedRegistries,
            LabelSchema = options.LabelSchema,
            StrictLabels = options.StrictLabels,
            DisableIgnorePragmas = disableIgnorePragmas ?? options.DisableIgnorePragmas,
            DockerIgnore = dockerIgnore ?? options.DockerIgnore,
        };
    }
}
