namespace CriRuntime.Dockerfile.Rules;

/// <summary>Keys, .env files and registry credentials copied into a layer stay in the image even if deleted later; mount them as secrets.</summary>
internal sealed class DF5010_CopySecretFile : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopySecretFile, "Do not copy secrets into the image", "'{0}' looks like a secret: it stays in the image layer; use RUN --mount=type=secret", RuleCategories.Security, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if ((instr.Keyword != "COPY" && instr.Keyword != "ADD") || instr.GetFlag("from") != null)
            {
                continue;
            }

            for (var i = 0; i < instr.Arguments.Count - 1; i++)
            {
                var src = instr.Arguments[i].Value;
                if (LooksSecret(src))
                {
                    context.Report(Rule, instr.Arguments[i], src);
                }
            }
        }
    }

    internal static bool LooksSecret(string path)
    {
        var slash = path.LastIndexOfAny(new[] { '/', '\\' });
        var name = (slash >= 0 ? path.Substring(slash + 1) : path).ToLowerInvariant();
        switch (name)
        {
            case "id_rsa":
            case "id_dsa":
            case "id_ecdsa":
            case "id_ed25519":
            case ".env":
            case ".npmrc":
            case ".pypirc":
            case ".netrc":
            case ".git-credentials":
            case "credentials":
            case "credentials.json":
            case ".dockercfg":
            case "secrets.json":
            case "secrets.yaml":
            case "secrets.yml":
                return true;
        }

        // .pem/.key also hold public certificates and signing keys: only names that say "private" count.
        var privateName = name.Contains("private") || name.Contains("priv.") || name.Contains("-key.") || name.Contains("_key.") || name.StartsWith("tls.", System.StringComparison.Ordinal)
            || name.StartsWith("server.", System.StringComparison.Ordinal) || name.StartsWith("client.", System.StringComparison.Ordinal);
        return ((name.EndsWith(".pem", System.StringComparison.Ordinal) || name.EndsWith(".key", System.StringComparison.Ordinal)) && privateName)
            || name.EndsWith(".p12", System.StringComparison.Ordinal) || name.EndsWith(".pfx", System.StringComparison.Ordinal)
            || (name.StartsWith(".env.", System.StringComparison.Ordinal) && !name.EndsWith(".example", System.StringComparison.Ordinal) && !name.EndsWith(".sample", System.StringComparison.Ordinal) && !name.EndsWith(".template", System.StringComparison.Ordinal));
    }
}
