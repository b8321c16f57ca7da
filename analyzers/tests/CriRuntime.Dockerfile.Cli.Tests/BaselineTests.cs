using Xunit;

namespace CriRuntime.Dockerfile.Cli.Tests;

public sealed class BaselineTests
{
    [Fact]
    public void First_run_records_the_findings_and_later_runs_report_only_new_ones()
    {
        using var tree = new TempTree();
        tree.Write("svc/Dockerfile", Samples.Untagged);
        var record = CliRun.Of(tree.Root, "--format", "gnu", "--baseline", "baseline.txt", "svc/Dockerfile");
        Assert.Equal(0, record.ExitCode);
        Assert.Equal(string.Empty, record.Out);
        Assert.Contains("recorded", record.Error, StringComparison.Ordinal);
        Assert.Contains($"svc/Dockerfile\t{Samples.UntaggedRule}\tFROM ubuntu", File.ReadAllText(Path.Combine(tree.Root, "baseline.txt")), StringComparison.Ordinal);

        Assert.Equal(0, CliRun.Of(tree.Root, "--baseline", "baseline.txt", "svc/Dockerfile").ExitCode);

        tree.Write("svc/Dockerfile", "# new line above\n" + Samples.Untagged + "RUN cd /tmp && make\n");
        var later = CliRun.Of(tree.Root, "--format", "gnu", "--baseline", "baseline.txt", "svc/Dockerfile");
        Assert.Equal(1, later.ExitCode);
        Assert.DoesNotContain(Samples.UntaggedRule, later.Out, StringComparison.Ordinal);
        Assert.Contains("svc/Dockerfile:4:", later.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_covers_rules_that_are_off_by_default_so_enabling_one_later_reports_nothing_old()
    {
        using var tree = new TempTree();
        tree.Write("Dockerfile", "FROM debian:12.5-slim\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n");
        Assert.DoesNotContain("DF3004", CliRun.Of(tree.Root, "--format", "gnu", "Dockerfile").Out, StringComparison.Ordinal);
        Assert.Contains("DF3004", CliRun.Of(tree.Root, "--format", "gnu", "--warning", "DL3005", "Dockerfile").Out, StringComparison.Ordinal);

        Assert.Equal(0, CliRun.Of(tree.Root, "--baseline", "baseline.txt", "Dockerfile").ExitCode);
        Assert.Contains("\tDF3004\t", File.ReadAllText(Path.Combine(tree.Root, "baseline.txt")), StringComparison.Ordinal);
        Assert.DoesNotContain("DF3004", CliRun.Of(tree.Root, "--format", "gnu", "--warning", "DL3005", "--baseline", "baseline.txt", "Dockerfile").Out, StringComparison.Ordinal);
    }
}
