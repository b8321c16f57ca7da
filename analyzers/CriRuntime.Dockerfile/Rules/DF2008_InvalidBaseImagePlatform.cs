namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// FROM --platform that the image cannot provide. Without a registry the check is limited to what the name
/// says: Docker's per-architecture namespaces (arm64v8/, amd64/, ...) and Windows-only images.
/// </summary>
internal sealed class DF2008_InvalidBaseImagePlatform : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidBaseImagePlatform, "Base image platform does not match --platform", "'{0}' is a {1} image but --platform={2}", RuleCategories.BaseImage, Severity.Warning, null, "InvalidBaseImagePlatform");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var flag = stage.From.GetFlag("platform");
            var reference = BaseImages.Reference(stage);
            if (flag?.Value is null || flag.Value.IndexOf('$') >= 0 || reference is null)
            {
                continue;
            }

            var platform = flag.Value.ToLowerInvariant();
            var slash = platform.IndexOf('/');
            var os = slash < 0 ? platform : platform.Substring(0, slash);
            var arch = slash < 0 ? string.Empty : platform.Substring(slash + 1);
            var image = stage.BaseImage.ToLowerInvariant();
            var imageOs = image.Contains("nanoserver") || image.Contains("servercore") || image.StartsWith("windows-", System.StringComparison.Ordinal) ? "windows" : null;
            var imageArch = ArchOfNamespace(reference.IsDockerHub && reference.Path.IndexOf('/') > 0 ? reference.Path.Substring(0, reference.Path.IndexOf('/')) : string.Empty);
            if (imageOs != null && os != imageOs)
            {
                context.Report(Rule, stage.BaseToken, stage.BaseImage, imageOs, flag.Value);
            }
            else if (imageArch != null && arch.Length > 0 && !arch.StartsWith(imageArch, System.StringComparison.Ordinal))
            {
                context.Report(Rule, stage.BaseToken, stage.BaseImage, imageArch, flag.Value);
            }
        }
    }

    private static string? ArchOfNamespace(string ns)
    {
        switch (ns)
        {
            case "amd64":
                return "amd64";
            case "arm64v8":
                return "arm64";
            case "arm32v7":
            case "arm32v6":
            case "arm32v5":
                return "arm";
            case "i386":
                return "386";
            case "ppc64le":
            case "s390x":
            case "riscv64":
            case "mips64le":
                return ns;
            default:
                return null;
        }
    }
}
