using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>
/// The .NET SDK's container publishing (<c>dotnet publish -t:PublishContainer</c>) builds an image without a
/// Dockerfile, from MSBuild properties. Their base image and user get the Dockerfile rules a <c>FROM</c> and a
/// <c>USER</c> would: <c>ContainerBaseImage</c> the base-image rules (pinned tag or digest, not <c>latest</c>, trusted
/// registry, official image, slim variant, a valid reference), <c>ContainerUser</c> the user rules (not root,
/// numeric). <c>ContainerFamily</c> is the suffix the SDK appends to the tag of the base image it infers
/// (<c>8.0</c> becomes <c>8.0-noble-chiseled</c>): it must make a valid tag, and it is ignored when
/// <c>ContainerBaseImage</c> is set (Microsoft Learn, "Containerize a .NET app reference"). The package's props make
/// the properties visible to the analyzer (<c>CompilerVisibleProperty</c>) and pass the project file, where findings
/// are located at the property's value.
/// </summary>
internal static class ContainerProperties
{
    public const string BaseImage = "ContainerBaseImage";
    public const string User = "ContainerUser";
    public const string Family = "ContainerFamily";

    // A Microsoft base image the SDK could infer; only the family's part of the tag is judged.
    private const string InferredBaseImage = "mcr.microsoft.com/dotnet/runtime-deps:8.0-";

    /// <summary>The <c>ContainerFamily</c> value when <c>ContainerBaseImage</c> is set too (the SDK then ignores the family); else null.</summary>
    public static string? IgnoredFamily(AnalyzerConfigOptions globalOptions)
        => Value(globalOptions, BaseImage) is null ? null : Value(globalOptions, Family);

    /// <summary>Project files the props pass as AdditionalFiles.</summary>
    public static bool IsProjectFile(string path)
        => path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase);

    /// <summary>Each finding on the properties' values, with the property it belongs to.</summary>
    public static List<(string Property, Finding Finding)> Check(AnalyzerConfigOptions globalOptions, LintOptions options)
    {
        var result = new List<(string, Finding)>();
        var image = Value(globalOptions, BaseImage);
        var user = Value(globalOptions, User);
        var family = Value(globalOptions, Family);
        if (image is null && family is not null)
        {
            // The tag the SDK would build from the family: a finding here is the family's, not a FROM's. Blanks would
            // split the FROM line, so the probe carries '!' (as invalid in a tag) and the message the family as written.
            var probe = InferredBaseImage + new string(family.Select(c => char.IsWhiteSpace(c) ? '!' : c).ToArray());
            foreach (var finding in DockerfileLinter.Lint("FROM " + probe + "\n", options).Findings)
            {
                if (finding.Rule.Id == "DF1022")
                {
                    result.Add((Family, new Finding(finding.Rule, finding.Severity, finding.Message.Replace(probe, InferredBaseImage + family), finding.Span, finding.Fixes)));
                }
            }
        }

        if (image is null && user is null)
        {
            return result;
        }

        // The image the SDK would start FROM, and the USER it would set, as a two-line Dockerfile.
        var dockerfile = "FROM " + (image ?? "scratch") + "\n" + (user is null ? string.Empty : "USER " + user + "\n");
        foreach (var finding in DockerfileLinter.Lint(dockerfile, options).Findings)
        {
            if (finding.Span.StartLine == 0 && image is not null && (finding.Rule.Category == "BaseImage" || finding.Rule.Id == "DF1022"))
            {
                result.Add((BaseImage, finding));
            }
            else if (finding.Span.StartLine == 1 && (finding.Rule.HadolintId is "DL3002" or "DL3066"))
            {
                result.Add((User, finding));
            }
        }

        return result;
    }

    /// <summary>The span of the property's value in the project file (its first definition), or null when it is set elsewhere.</summary>
    public static (int Start, int End)? Locate(string projectText, string property)
    {
        var open = "<" + property + ">";
        var start = projectText.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += open.Length;
        var end = projectText.IndexOf("</" + property + ">", start, StringComparison.Ordinal);
        return end < 0 ? null : (start, end);
    }

    private static string? Value(AnalyzerConfigOptions options, string property)
        => options.TryGetValue("build_property." + property, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
