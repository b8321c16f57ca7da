using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace CriRuntime.Dockerfile.Analyzers.Tests;

public sealed class DockerfileCodeFixTests
{
    private const string From = "FROM ubuntu:24.04\n";

    [Theory]
    [InlineData("DL3020", "ADD config.json /etc/app/", "COPY config.json /etc/app/")]
    [InlineData("DL3025", "CMD echo hello", "CMD [\"echo\", \"hello\"]")]
    [InlineData("DL3027", "RUN apt install curl", "RUN apt-get install curl")]
    [InlineData("DL3015", "RUN apt-get install -y curl=8.5.0-2ubuntu10", "RUN apt-get install --no-install-recommends -y curl=8.5.0-2ubuntu10")]
    [InlineData("DL3042", "RUN pip install requests==2.32.3", "RUN pip install --no-cache-dir requests==2.32.3")]
    [InlineData("DL4000", "MAINTAINER someone@example.com", "LABEL org.opencontainers.image.authors=\"someone@example.com\"")]
    public async Task Fix_rewrites_the_Dockerfile_additional_document(string hadolintId, string line, string fixedLine)
    {
        var rule = Samples.Rule(hadolintId);
        using var harness = new CodeFixHarness(From + line + "\n");
        var diagnostic = (await harness.DiagnosticsAsync()).Single(d => d.Id == rule.Id);
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);

        var action = Assert.Single(await harness.ActionsAsync(diagnostic));
        Assert.Equal(DockerfileFixes.EquivalenceKey(rule.Id, 0), action.EquivalenceKey);
        await harness.ApplyAsync(action);

        Assert.Equal(From + fixedLine + "\n", await harness.DockerfileTextAsync());
        Assert.DoesNotContain(await harness.DiagnosticsAsync(), d => d.Id == rule.Id);
    }

    [Fact]
    public async Task Fix_all_fixes_every_finding_of_the_chosen_kind_and_no_other()
    {
        var add = Samples.Rule("DL3020");
        const string Dockerfile = From + "ADD a.json /etc/a/\nCMD echo hello\nADD b.json /etc/b/\n";
        using var harness = new CodeFixHarness(Dockerfile);
        var diagnostics = await harness.DiagnosticsAsync();
        var first = diagnostics.First(d => d.Id == add.Id);
        var action = (await harness.ActionsAsync(first)).First();

        await harness.FixAllAsync(action, diagnostics);

        Assert.Equal(From + "COPY a.json /etc/a/\nCMD echo hello\nCOPY b.json /etc/b/\n", await harness.DockerfileTextAsync());
    }

    [Fact]
    public async Task No_action_for_a_finding_without_a_fix()
    {
        var untagged = Samples.Rule("DL3006");
        using var harness = new CodeFixHarness(Samples.Untagged);
        var diagnostic = (await harness.DiagnosticsAsync()).Single(d => d.Id == untagged.Id);
        Assert.Empty(await harness.ActionsAsync(diagnostic));
    }

    [Fact]
    public async Task No_action_when_the_document_changed_under_the_diagnostic()
    {
        var add = Samples.Rule("DL3020");
        using var harness = new CodeFixHarness(From + "ADD config.json /etc/app/\n");
        var stale = (await harness.DiagnosticsAsync()).Single(d => d.Id == add.Id);
        using var edited = new CodeFixHarness("# moved\n" + From + "ADD config.json /etc/app/\n");
        Assert.Empty(await edited.ActionsAsync(stale));
    }

    [Fact]
    public void Overlapping_edits_keep_the_first_and_sort_by_position()
    {
        var edits = new[]
        {
            new TextEdit(new SourceSpan(10, 2, 0, 10, 0, 12), "b"),
            new TextEdit(new SourceSpan(0, 5, 0, 0, 0, 5), "a"),
            new TextEdit(new SourceSpan(3, 4, 0, 3, 0, 7), "overlaps"),
        };
        var changes = DockerfileFixes.ToChanges(edits);
        Assert.Equal([new TextChange(new TextSpan(0, 5), "a"), new TextChange(new TextSpan(10, 2), "b")], changes);
    }
}
