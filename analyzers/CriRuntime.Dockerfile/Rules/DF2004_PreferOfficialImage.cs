namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// The final stage runs in production: a personal Docker Hub repository named like a Docker Official Image
/// (<c>someone/python</c>) gets none of the official images' review and rebuilds.
/// </summary>
internal sealed class DF2004_PreferOfficialImage : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.PreferOfficialImage, "Prefer a Docker Official Image for the final stage", "'{0}' is a community image; prefer the Docker Official Image '{1}'", RuleCategories.BaseImage, Severity.Info, null);

    private static readonly string[] Official =
    {
        "alpine", "busybox", "debian", "ubuntu", "fedora", "centos", "rockylinux", "almalinux", "amazonlinux", "python", "node", "golang", "ruby", "php",
        "openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "rust", "perl", "erlang", "elixir", "haskell", "nginx", "httpd", "tomcat", "redis",
        "postgres", "mysql", "mariadb", "mongo", "rabbitmq", "memcached", "haproxy", "traefik", "caddy", "wordpress", "nextcloud", "ghost", "buildpack-deps",
    };

    /// <summary>Verified publishers and vendors whose repositories are maintained images.</summary>
    private static readonly string[] Trusted =
    {
        "bitnami", "circleci", "cimg", "docker", "library", "ubuntu", "nginxinc", "jenkins", "hashicorp", "grafana", "prom", "elastic", "confluentinc",
        "mcr", "microsoft", "google", "amazon", "redhat", "chainguard", "tiangolo", "selenium", "gradle", "rust", "cypress",

        // Docker's per-architecture copies of the official images.
        "amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "mips64le", "ppc64le", "riscv64", "s390x", "windows-amd64",
    };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var stage = context.Model.FinalStage;
        var reference = stage is null ? null : BaseImages.Reference(stage);
        if (stage is null || reference is null || !reference.IsDockerHub || reference.IsOfficial)
        {
            return;
        }

        var slash = reference.Path.IndexOf('/');
        var ns = reference.Path.Substring(0, slash);
        if (System.Array.IndexOf(Trusted, ns) >= 0)
        {
            return;
        }

        var name = reference.Name;
        foreach (var official in Official)
        {
            if (name == official)
            {
                var suggestion = reference.Tag is null ? official : official + ":" + reference.Tag;
                context.Report(Rule, stage.BaseToken, stage.BaseImage, suggestion);
                return;
            }
        }
    }
}
