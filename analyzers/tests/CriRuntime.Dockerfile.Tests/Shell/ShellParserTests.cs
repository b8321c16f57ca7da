using CriRuntime.Dockerfile.Shell;
using CriRuntime.Dockerfile.Text;
using Xunit;

namespace CriRuntime.Dockerfile.Tests.Shell;

public sealed class ShellParserTests
{
    private static ShellScript Parse(string script) => ShellParser.Parse(LogicalLine.Contiguous(script, 0), 0, script.Length);

    [Fact]
    public void Splits_on_operators_pipes_and_subshells()
    {
        var script = Parse("a 1 && b || c; d | e & (f; g) && { h; }");
        Assert.Equal(new[] { "a", "b", "c", "d", "e", "f", "g", "h" }, script.Commands.Select(c => c.Name));
        Assert.Equal(ShellSeparator.And, script.Commands[0].Next);
        Assert.Equal(ShellSeparator.Or, script.Commands[1].Next);
        Assert.Equal(ShellSeparator.Pipe, script.Commands[3].Next);
        Assert.True(script.Commands[4].PipedFrom);
        Assert.Equal(1, script.Commands[5].Depth);
    }

    [Fact]
    public void Skips_assignments_wrappers_and_keywords_to_find_the_command()
    {
        var script = Parse("DEBIAN_FRONTEND=noninteractive sudo -u root env A=1 apt-get install -y x; if true; then nohup apk add y; fi");
        Assert.Equal("apt-get", script.Commands[0].Name);
        Assert.Contains(script.Commands, c => c.Name == "apk");
    }

    [Fact]
    public void Drops_redirections_and_comments()
    {
        var script = Parse("apt-get install -y a 2>/dev/null >> log.txt b # c d\n echo e");
        var install = script.Packages.Single();
        Assert.Equal(new[] { "a", "b" }, install.Operands.Select(i => install.Word(i).Value));
        Assert.Equal("echo", script.Commands[1].Name);
    }

    [Fact]
    public void Keeps_quoted_strings_and_substitutions_as_one_word()
    {
        var script = Parse("echo \"a b\" 'c d' $(date +%s) `uname -m` ${X:-y z}");
        Assert.Equal(new[] { "a b", "c d", "$(date +%s)", "`uname -m`", "${X:-y z}" }, script.Commands[0].Words.Skip(1).Select(w => w.Value));
    }

    [Fact]
    public void Reads_command_substitutions_after_their_command_and_keeps_pipes_linked()
    {
        var script = Parse("a $(b | c) `d` $((1 + 2)) | e");
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, script.Commands.Select(c => c.Name));
        Assert.Same(script.Commands[4], script.Commands[0].PipeTarget);
        Assert.Same(script.Commands[2], script.Commands[1].PipeTarget);
        Assert.Equal(1, script.Commands[1].Depth);
    }

    [Fact]
    public void Reads_sh_c_bodies_in_place()
    {
        var text = "sh -c 'apt-get install -y curl'";
        var script = Parse(text);
        var call = script.Packages.Single();
        var word = call.Word(call.Operands[0]);
        Assert.Equal("curl", text.Substring(script.FileStart(word), script.FileEnd(word) - script.FileStart(word)));
    }

    [Theory]
    [InlineData("apt-get -o Dpkg::Options::=--force-confnew install -y --no-install-recommends a b=1", "apt-get", "install", "a,b=1")]
    [InlineData("apk add --no-cache --virtual .build-deps gcc musl-dev", "apk", "add", "gcc,musl-dev")]
    [InlineData("yum --setopt=tsflags=nodocs install -y httpd", "yum", "install", "httpd")]
    [InlineData("zypper -n in -t pattern devel_basis", "zypper", "in", "devel_basis")]
    [InlineData("pip install -r requirements.txt --index-url https://x flask==1", "pip", "install", "flask==1")]
    [InlineData("python3 -m pip install -U pip setuptools", "pip", "install", "pip,setuptools")]
    [InlineData("npm install --prefix /app -g typescript@5", "npm", "install", "typescript@5")]
    [InlineData("yarn global add serve", "yarn", "add", "serve")]
    [InlineData("gem install -N rails -v 7", "gem", "install", "rails")]
    [InlineData("go install -ldflags=-s golang.org/x/tools/gopls@v1", "go", "install", "golang.org/x/tools/gopls@v1")]
    [InlineData("curl -fsSLo /tmp/x https://example.com/x", "curl", "", "https://example.com/x")]
    [InlineData("wget -O - -q https://example.com/y", "wget", "", "https://example.com/y")]
    public void Parses_package_manager_invocations(string command, string manager, string sub, string operands)
    {
        var call = Parse(command).Packages.Single();
        Assert.Equal(manager, call.Manager);
        Assert.Equal(sub, call.Subcommand);
        Assert.Equal(operands, string.Join(",", call.Operands.Select(i => call.Word(i).Value)));
    }

    [Fact]
    public void Package_spans_map_through_continuation_lines()
    {
        var text = "FROM debian:12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n    curl \\\n    ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n";
        var pins = Lints.Of(text, "DF3008");
        Assert.Equal(new[] { "curl", "ca-certificates" }, pins.Select(f => Lints.Covered(text, f)));
        Assert.Equal(new[] { 3, 4 }, pins.Select(f => f.Span.StartLine));
        Assert.Equal(4, pins[0].Span.StartColumn);
    }
}
