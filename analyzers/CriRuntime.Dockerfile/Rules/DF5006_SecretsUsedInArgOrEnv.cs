namespace CriRuntime.Dockerfile.Rules;

/// <summary>ARG and ENV values are stored in the image history and config; secrets belong in RUN --mount=type=secret.</summary>
internal sealed class DF5006_SecretsUsedInArgOrEnv : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.SecretsUsedInArgOrEnv, "Do not pass secrets in ARG or ENV", "{0} '{1}' looks like a secret: ARG and ENV values stay in the image; use RUN --mount=type=secret", RuleCategories.Security, Severity.Warning, "DL3064", "SecretsUsedInArgOrEnv");

    private static readonly string[] SecretWords = { "apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token" };

    private static readonly string[] Harmless = { "public", "pub", "gpg", "file", "path", "dir", "url", "id", "name", "user", "version", "type", "length", "size", "algorithm", "host", "port" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "ARG" && instr.Keyword != "ENV")
            {
                continue;
            }

            foreach (var pair in instr.Pairs)
            {
                if (LooksSecret(pair.Key.Value))
                {
                    context.Report(Rule, pair.Key, instr.Keyword, pair.Key.Value);
                }
            }
        }
    }

    internal static bool LooksSecret(string name)
    {
        var parts = name.ToLowerInvariant().Split('_', '-', '.');
        var secret = false;
        foreach (var part in parts)
        {
            if (System.Array.IndexOf(Harmless, part) >= 0)
            {
                return false;
            }

            secret |= System.Array.IndexOf(SecretWords, part) >= 0;
        }

        return secret;
    }
}
