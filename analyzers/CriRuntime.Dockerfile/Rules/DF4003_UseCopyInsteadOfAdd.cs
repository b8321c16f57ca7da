namespace CriRuntime.Dockerfile.Rules;

/// <summary>ADD's extra magic (URLs, auto-extraction) surprises; COPY says what it does.</summary>
internal sealed class DF4003_UseCopyInsteadOfAdd : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UseCopyInsteadOfAdd, "Use COPY instead of ADD for files and folders", "Use COPY instead of ADD for local files and folders", RuleCategories.BestPractice, Severity.Error, "DL3020", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "ADD" || instr.Arguments.Count < 2 || instr.GetFlag("checksum") != null || instr.GetFlag("keep-git-dir") != null || instr.GetFlag("unpack") != null)
            {
                continue;
            }

            var needsAdd = false;
            for (var i = 0; i < instr.Arguments.Count - 1; i++)
            {
                var src = instr.Arguments[i].Value;
                needsAdd |= IsRemote(src) || IsArchive(src) || src.IndexOf('$') >= 0;
            }

            if (needsAdd)
            {
                continue;
            }

            var kw = instr.KeywordToken;
            var replacement = kw.Text == "add" ? "copy" : "COPY";
            context.ReportWithFixes(Rule, kw.Start, kw.End, context.Fix("Use COPY", kw.Start, kw.End, replacement));
        }
    }

    internal static bool IsRemote(string src)
        => src.StartsWith("http://", System.StringComparison.OrdinalIgnoreCase) || src.StartsWith("https://", System.StringComparison.OrdinalIgnoreCase)
        || src.StartsWith("git@", System.StringComparison.Ordinal) || src.StartsWith("git://", System.StringComparison.Ordinal);

    internal static bool IsArchive(string src)
    {
        var s = src.ToLowerInvariant();
        return s.EndsWith(".tar", System.StringComparison.Ordinal) || s.EndsWith(".tar.gz", System.StringComparison.Ordinal) || s.EndsWith(".tgz", System.StringComparison.Ordinal)
            || s.EndsWith(".tar.bz2", System.StringComparison.Ordinal) || s.EndsWith(".tbz2", System.StringComparison.Ordinal) || s.EndsWith(".tbz", System.StringComparison.Ordinal)
            || s.EndsWith(".tar.xz", System.StringComparison.Ordinal) || s.EndsWith(".txz", System.StringComparison.Ordinal) || s.EndsWith(".tar.zst", System.StringComparison.Ordinal)
            || s.EndsWith(".tar.lz", System.StringComparison.Ordinal) || s.EndsWith(".gz", System.StringComparison.Ordinal) || s.EndsWith(".bz2", System.StringComparison.Ordinal) || s.EndsWith(".xz", System.StringComparison.Ordinal);
    }
}
