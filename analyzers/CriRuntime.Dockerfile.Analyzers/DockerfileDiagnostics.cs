using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>One <see cref="DiagnosticDescriptor"/> per rule of <see cref="DockerfileLinter.Rules"/>.</summary>
internal static class DockerfileDiagnostics
{
    // Findings carry their message already formatted, so every descriptor passes it through unchanged.
    private const string PassThroughFormat = "{0}";

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Build();

    /// <summary>
    /// A .hadolint.yaml or .dockerfile-lint.yaml among the AdditionalFiles that cannot be applied as written (bad YAML,
    /// an unknown key, severity or rule id, a single value where a list is expected): reported once at that file, as an
    /// error, so a broken configuration never lints silently with other rules than the user meant.
    /// </summary>
    public static DiagnosticDescriptor ConfigurationError { get; } = new(
        "DF0001",
        "Linter configuration cannot be applied",
        PassThroughFormat,
        "Configuration",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A .hadolint.yaml or .dockerfile-lint.yaml key that cannot be applied as written.",
        helpLinkUri: "https://github.com/criruntime/criruntime/blob/main/analyzers/docs/configuration.md",
        customTags: new[] { "Dockerfile" });

    /// <summary>
    /// A project that sets both <c>ContainerFamily</c> and <c>ContainerBaseImage</c>: the SDK appends the family only to
    /// a base image it infers, so the family has no effect. Reported at the <c>ContainerFamily</c> property.
    /// </summary>
    public static DiagnosticDescriptor ContainerFamilyIgnored { get; } = new(
        "DF0002",
        "ContainerFamily has no effect when ContainerBaseImage is set",
        "ContainerFamily '{0}' is ignored because ContainerBaseImage is set: put the variant in ContainerBaseImage's tag or remove one of them",
        "Configuration",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The .NET SDK appends ContainerFamily to the tag of the base image it infers, and ignores it when ContainerBaseImage names the image.",
        helpLinkUri: "https://github.com/criruntime/criruntime/blob/main/analyzers/docs/DF0002.md",
        customTags: new[] { "Dockerfile" });

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.CreateRange(ById.Values).Add(ConfigurationError).Add(ContainerFamilyIgnored);

    private static readonly Dictionary<string, DiagnosticDescriptor> EnabledById = BuildEnabled();

    /// <summary>
    /// The rule's descriptor. With <paramref name="enabled"/>, a rule that is off by default gets a twin that is on:
    /// when configuration the analyzer applies itself (an editorconfig section, a hadolint id) turned the rule on, the
    /// compiler must not drop the diagnostic as disabled by default.
    /// </summary>
    public static DiagnosticDescriptor? Find(string ruleId, bool enabled = false)
    {
        return (enabled ? EnabledById : ById).TryGetValue(ruleId, out var descriptor) ? descriptor : null;
    }

    /// <summary>
    /// Maps the linter's four levels onto Roslyn's. Style becomes Hidden: Roslyn's own code-style rules default to
    /// Hidden too, so a style finding offers its fix in the IDE without a squiggle or a build message until
    /// <c>dotnet_diagnostic.ID.severity</c> or <c>.hadolint.yaml</c> raises it.
    /// </summary>
    public static DiagnosticSeverity ToRoslyn(Severity severity)
    {
        return severity switch
        {
            Severity.Error => DiagnosticSeverity.Error,
            Severity.Warning => DiagnosticSeverity.Warning,
            Severity.Info => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Hidden,
        };
    }

    private static Dictionary<string, DiagnosticDescriptor> BuildEnabled()
    {
        var byId = new Dictionary<string, DiagnosticDescriptor>(ById, System.StringComparer.Ordinal);
        foreach (var pair in ById)
        {
            var d = pair.Value;
            if (!d.IsEnabledByDefault)
            {
                byId[pair.Key] = new DiagnosticDescriptor(d.Id, d.Title, d.MessageFormat, d.Category, d.DefaultSeverity, isEnabledByDefault: true, d.Description, d.HelpLinkUri, System.Linq.Enumerable.ToArray(d.CustomTags));
            }
        }

        return byId;
    }

    private static Dictionary<string, DiagnosticDescriptor> Build()
    {
        var byId = new Dictionary<string, DiagnosticDescriptor>(System.StringComparer.Ordinal);
        foreach (var rule in DockerfileLinter.Rules)
        {
            // Tags let a ruleset or an IDE filter by origin: hadolint's id and BuildKit's check name where there is one.
            var tags = new List<string> { "Dockerfile" };
            if (rule.HadolintId is not null)
            {
                tags.Add("hadolint:" + rule.HadolintId);
            }

            if (rule.BuildKitCheck is not null)
            {
                tags.Add("buildkit:" + rule.BuildKitCheck);
            }

            byId[rule.Id] = new DiagnosticDescriptor(
                rule.Id,
                rule.Title,
                PassThroughFormat,
                rule.Category,
                ToRoslyn(rule.DefaultSeverity),
                isEnabledByDefault: rule.DefaultSeverity != Severity.None,
                description: rule.MessageFormat,
                helpLinkUri: rule.HelpUri,
                customTags: tags.ToArray());
        }

        return byId;
    }
}
