namespace CriRuntime.Dockerfile.Rules;

/// <summary>ADD of an http(s) URL trusts whatever the server returns; --checksum pins the content.</summary>
internal sealed class DF5008_AddRemoteWithoutChecksum : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AddRemoteWithoutChecksum, "Verify remote ADD sources with --checksum", "ADD of '{0}' without --checksum=sha256:... does not verify what is downloaded", RuleCategories.Security, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "ADD" || instr.GetFlag("checksum") != null)
            {
                continue;
            }

            for (var i = 0; i < instr.Arguments.Count - 1; i++)
            {
                var src = instr.Arguments[i].Value;
                var isHttp = src.StartsWith("http://", System.StringComparison.OrdinalIgnoreCase) || src.StartsWith("https://", System.StringComparison.OrdinalIgnoreCase);
                if (isHttp && !src.EndsWith(".git", System.StringComparison.OrdinalIgnoreCase) && src.IndexOf(".git#", System.StringComparison.OrdinalIgnoreCase) < 0)
                {
                    context.Report(Rule, instr.Arguments[i], src);
                }
            }
        }
    }
}
