using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class LintConfigFilesTests
{
    [Fact]
    public void Ancestors_apply_and_nearer_files_override()
    {
        var configs = new LintConfigFiles(
        [
            ("/repo/svc/.hadolint.yaml", "override:\n  error:\n    - DL3006\n"),
            ("/repo/.hadolint.yaml", "ignored:\n  - DL3008\noverride:\n  info:\n    - DL3006\n"),
        ]);
        var options = configs.For("/repo/svc/api/Dockerfile");
        Assert.Contains("DL3008", options.Ignored);
        Assert.Equal(Severity.Error, options.SeverityOverrides["DL3006"]);
        Assert.Equal(Severity.Info, configs.For("/repo/Dockerfile").SeverityOverrides["DL3006"]);
    }

    [Fact]
    public void Siblings_and_name_prefixes_do_not_apply()
    {
        var configs = new LintConfigFiles(
        [
            ("/repo/web/.hadolint.yaml", "ignored:\n  - DL3006\n"),
            ("/repo/a/.hadolint.yaml", "ignored:\n  - DL3007\n"),
        ]);
        var options = configs.For("/repo/ab/Dockerfile");
        Assert.Empty(options.Ignored);
        Assert.Same(LintOptions.Default, options);
    }

    [Fact]
    public void Our_file_overrides_hadolints_in_the_same_directory_whatever_the_order()
    {
        var configs = new LintConfigFiles(
        [
            ("/repo/.dockerfile-lint.yaml", "override:\n  warning:\n    - DL3006\n"),
            ("/repo/.hadolint.yaml", "override:\n  error:\n    - DL3006\n"),
        ]);
        Assert.Equal(Severity.Warning, configs.For("/repo/Dockerfile").SeverityOverrides["DL3006"]);
    }

    [Fact]
    public void Windows_separators_are_understood()
    {
        var configs = new LintConfigFiles([(@"C:\repo\.hadolint.yaml", "ignored:\n  - DL3006\n")]);
        Assert.Contains("DL3006", configs.For(@"C:\repo\svc\Dockerfile").Ignored);
    }
}
