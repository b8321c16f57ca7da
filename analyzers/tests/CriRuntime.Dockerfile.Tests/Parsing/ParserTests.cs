using Xunit;

namespace CriRuntime.Dockerfile.Tests.Parsing;

public sealed class ParserTests
{
    private static DockerfileSyntax Parse(string text) => DockerfileLinter.Lint(text).Syntax;

    [Fact]
    public void Reads_parser_directives_only_at_the_top()
    {
        var syntax = Parse("# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\n# escape=`\n\n# escape=\\\nFROM alpine:3.20\n");
        Assert.Equal(new[] { "syntax", "check", "escape" }, syntax.Directives.Select(d => d.Name));
        Assert.Equal('`', syntax.EscapeChar);
    }

    [Fact]
    public void Directive_after_a_comment_is_a_comment()
    {
        var syntax = Parse("# hello\n# escape=`\nFROM alpine:3.20\n");
        Assert.Empty(syntax.Directives);
        Assert.Equal('\\', syntax.EscapeChar);
    }

    [Fact]
    public void Joins_continuation_lines_and_drops_comments_and_blank_lines_inside()
    {
        var text = "FROM alpine:3.20\nRUN echo a \\\n# a comment\n    b \\\n\n    c\n";
        var syntax = Parse(text);
        var run = syntax.Instructions[1];
        Assert.Equal("echo a     b     c", run.ArgumentText.Text);
        Assert.Single(syntax.EmptyContinuationLines);
        Assert.Contains(syntax.Comments, c => c.Text == "a comment");
    }

    [Fact]
    public void Backtick_escape_continues_lines_and_keeps_backslashes()
    {
        var text = "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir C:\\ `\n    && echo done\nWORKDIR C:\\app\\\n";
        var syntax = Parse(text);
        Assert.Equal("dir C:\\     && echo done", syntax.Instructions[1].ArgumentText.Text);
        Assert.Equal("C:\\app\\", syntax.Instructions[2].Arguments[0].Value);
        Assert.Empty(syntax.Errors);
    }

    [Fact]
    public void Escaped_escape_at_end_of_line_is_not_a_continuation()
    {
        var syntax = Parse("FROM alpine:3.20\nENV C=trailing\\\\\nENV D=next\n");
        Assert.Equal(3, syntax.Instructions.Count);
    }

    [Fact]
    public void Tokens_map_back_through_continuations_to_exact_offsets()
    {
        var text = "FROM alpine:3.20\nRUN apk add \\\n      curl\n";
        var result = DockerfileLinter.Lint(text);
        var pin = result.Findings.Single(f => f.Rule.Id == "DF3010");
        Assert.Equal("curl", Lints.Covered(text, pin));
        Assert.Equal(2, pin.Span.StartLine);
        Assert.Equal(6, pin.Span.StartColumn);
    }

    [Fact]
    public void Parses_exec_form_with_json_escapes()
    {
        var syntax = Parse("FROM alpine:3.20\nCMD [\"echo\", \"a \\\"b\\\"\", \"\\u0041\"]\n");
        var cmd = syntax.Instructions[1];
        Assert.True(cmd.IsExecForm);
        Assert.Equal(new[] { "echo", "a \"b\"", "A" }, cmd.Arguments.Select(a => a.Value));
    }

    [Fact]
    public void Invalid_json_falls_back_to_shell_form()
    {
        var syntax = Parse("FROM alpine:3.20\nCMD ['echo', 'single quotes']\n");
        Assert.False(syntax.Instructions[1].IsExecForm);
        Assert.Empty(syntax.Errors);
    }

    [Fact]
    public void Valid_json_that_is_not_a_string_array_is_an_error()
    {
        var syntax = Parse("FROM alpine:3.20\nCMD [\"echo\", [\"nested\"]]\n");
        Assert.Single(syntax.Errors);
    }

    [Fact]
    public void Reads_flags_of_every_kind()
    {
        var text = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"
            + "RUN --mount=type=cache,target=/root/.cache --network=none --security=insecure go build ./...\n"
            + "COPY --from=build --chown=app:app --chmod=0755 --link /out /app/\n"
            + "ADD --checksum=sha256:abc --keep-git-dir=true https://example.com/a.tgz /tmp/\n"
            + "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD [\"/check\"]\n";
        var syntax = Parse(text);
        Assert.Empty(syntax.Errors);
        Assert.Equal("$BUILDPLATFORM", syntax.Instructions[0].GetFlag("platform")!.Value);
        Assert.Equal(new[] { "mount", "network", "security" }, syntax.Instructions[1].Flags.Select(f => f.Name));
        Assert.Null(syntax.Instructions[2].GetFlag("link")!.Value);
        Assert.Equal(5, syntax.Instructions[4].Flags.Count);
        Assert.Equal("/check", syntax.Instructions[4].Arguments[0].Value);
    }

    [Fact]
    public void Unknown_flag_is_a_syntax_error_and_parsing_continues()
    {
        var result = DockerfileLinter.Lint("FROM alpine:3.20\nCOPY --user=me a /b/\nRUN apk add curl\n");
        Assert.Contains(result.Findings, f => f.Rule.Id == "DF1000" && f.Message.Contains("--user"));
        Assert.Contains(result.Findings, f => f.Rule.Id == "DF3010");
    }

    [Fact]
    public void Reads_heredocs_with_dash_quotes_and_several_per_instruction()
    {
        var text = "FROM alpine:3.20\nCOPY <<EOF1 <<\"EOF2\" /dest/\nfirst\nEOF1\n$second\nEOF2\nRUN <<-EOT\n\techo hi\n\tEOT\nRUN echo after\n";
        var syntax = Parse(text);
        Assert.Empty(syntax.Errors);
        Assert.Equal(4, syntax.Instructions.Count);
        var copy = syntax.Instructions[1];
        Assert.Equal(2, copy.Heredocs.Count);
        Assert.Equal("first\n", copy.Heredocs[0].Content);
        Assert.True(copy.Heredocs[1].Quoted);
        Assert.Equal("$second\n", copy.Heredocs[1].Content);
        var run = syntax.Instructions[2];
        Assert.True(run.Heredocs[0].StripTabs);
        Assert.Equal("echo hi\n", run.Heredocs[0].Content);
    }

    [Fact]
    public void Heredoc_scripts_are_read_as_shell()
    {
        var text = "FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n";
        var result = DockerfileLinter.Lint(text);
        var pin = result.Findings.Single(f => f.Rule.Id == "DF3008");
        Assert.Equal("curl", Lints.Covered(text, pin));
        Assert.Equal(3, pin.Span.StartLine);
    }

    [Fact]
    public void Onbuild_triggers_keep_their_heredocs()
    {
        var syntax = Parse("FROM alpine:3.20\nONBUILD RUN <<EOF\necho hi\nEOF\nRUN echo next\n");
        Assert.Equal(3, syntax.Instructions.Count);
        Assert.Equal("echo hi\n", syntax.Instructions[1].Heredocs[0].Content);
        Assert.Equal("echo hi\n", syntax.Instructions[1].Trigger!.Heredocs[0].Content);
    }

    [Theory]
    [InlineData("COPY <<-\\EOT /data.txt\n\tline\n\tEOT\n", "EOT", "line\n")]
    [InlineData("RUN cat << 'EOF' > /root/.zshrc\nexport A=1\nEOF\n", "EOF", "export A=1\n")]
    [InlineData("RUN cat <<  \"EOF\" > /x\n$A\nEOF\n", "EOF", "$A\n")]
    [InlineData("RUN cat <<'E'\"OF\" > /x\nbody\nEOF\n", "EOF", "body\n")]
    [InlineData("RUN 3<<EOF cat /dev/fd/3\nbody\nEOF\n", "EOF", "body\n")]
    [InlineData("RUN --mount=type=cache,target=/c <<EOF\nbody\nEOF\n", "EOF", "body\n")]
    [InlineData("RUN cat << \\\n  EOF\nbody\nEOF\n", "EOF", "body\n")]
    public void Reads_every_heredoc_delimiter_form_buildkit_accepts(string instruction, string name, string content)
    {
        var syntax = Parse("FROM alpine:3.20\n" + instruction + "RUN echo next\n");
        Assert.Empty(syntax.Errors);
        Assert.Equal(3, syntax.Instructions.Count);
        var heredoc = Assert.Single(syntax.Instructions[1].Heredocs);
        Assert.Equal(name, heredoc.Name);
        Assert.Equal(content, heredoc.Content);
        Assert.Equal("RUN", syntax.Instructions[2].Keyword);
    }

    [Fact]
    public void Reads_several_heredocs_of_one_line_in_order_with_spaces_and_quotes()
    {
        var syntax = Parse("FROM alpine:3.20\nCOPY << 'A' <<-\\B <<\"C\" /d/\na\nA\n\tb\n\tB\nc\nC\nRUN echo next\n");
        Assert.Empty(syntax.Errors);
        var copy = syntax.Instructions[1];
        Assert.Equal(new[] { "A", "B", "C" }, copy.Heredocs.Select(h => h.Name));
        Assert.Equal(new[] { "a\n", "b\n", "c\n" }, copy.Heredocs.Select(h => h.Content));
        Assert.Equal(new[] { true, false, true }, copy.Heredocs.Select(h => h.Quoted));
        Assert.Equal(3, syntax.Instructions.Count);
    }

    [Fact]
    public void Heredoc_bodies_in_a_csharp_build_give_no_false_errors()
    {
        // The cases: before, body lines were read as instructions (DF1000 unknown instruction).
        var text = "FROM alpine:3.20\nCOPY <<-\\EOT /data.txt\n\thello\n\tEOT\nRUN cat << 'EOF' > /root/.zshrc\nalias ll='ls -l'\nEOF\n";
        Assert.DoesNotContain(DockerfileLinter.Lint(text).Findings, f => f.Rule.Id == "DF1000");
    }

    [Theory]
    [InlineData("RUN cat<<EOF")]
    [InlineData("RUN cat <<- EOF")]
    [InlineData("RUN echo \"unterminated <<EOF")]
    [InlineData("RUN echo ${:x} <<EOF")]
    public void Words_buildkit_does_not_read_as_heredocs(string run)
    {
        var syntax = Parse("FROM alpine:3.20\n" + run + "\n");
        Assert.Empty(syntax.Instructions[1].Heredocs);
    }

    [Theory]
    [InlineData("RUN echo $((1<<3))")]
    [InlineData("RUN cat <<< \"here string\"")]
    [InlineData("RUN echo \"<<EOF\"")]
    [InlineData("RUN echo '<<EOF'")]
    public void Not_every_double_angle_bracket_starts_a_heredoc(string run)
    {
        var syntax = Parse("FROM alpine:3.20\n" + run + "\nRUN echo next\n");
        Assert.Empty(syntax.Errors);
        Assert.Equal(3, syntax.Instructions.Count);
    }

    [Fact]
    public void Unterminated_heredoc_is_an_error()
    {
        var syntax = Parse("FROM alpine:3.20\nRUN <<EOF\necho hi\n");
        Assert.Contains(syntax.Errors, e => e.Message.Contains("unterminated heredoc"));
    }

    [Fact]
    public void Reads_env_label_and_arg_pairs_including_the_legacy_form()
    {
        var syntax = Parse("FROM alpine:3.20\nENV A=1 B=\"two words\" C=three\\ words\nENV LEGACY value with spaces\nLABEL \"com.example.a\"=x\nARG ONE TWO=2\n");
        var env = syntax.Instructions[1];
        Assert.Equal(new[] { "A", "B", "C" }, env.Pairs.Select(p => p.Key.Value));
        Assert.Equal(new[] { "1", "two words", "three words" }, env.Pairs.Select(p => p.Value.Value));
        var legacy = syntax.Instructions[2].Pairs.Single();
        Assert.True(legacy.IsLegacy);
        Assert.Equal("value with spaces", legacy.Value.Value);
        Assert.Equal("com.example.a", syntax.Instructions[3].Pairs[0].Key.Value);
        Assert.False(syntax.Instructions[4].Pairs[0].HasValue);
        Assert.Equal("2", syntax.Instructions[4].Pairs[1].Value.Value);
    }

    [Fact]
    public void Reads_stages_names_and_onbuild_triggers()
    {
        var syntax = Parse("FROM golang:1.23 AS Build\nONBUILD RUN echo hi\nFROM build AS final\n");
        Assert.Equal(2, syntax.Stages.Count);
        Assert.Equal("build", syntax.Stages[0].Name);
        Assert.Equal(0, syntax.Stages[1].BaseStageIndex);
        Assert.Equal("RUN", syntax.Instructions[1].Trigger!.Keyword);
    }

    [Theory]
    [InlineData("FROM")]
    [InlineData("FROM a b")]
    [InlineData("FROM alpine:3.20\nENV PATH")]
    [InlineData("FROM alpine:3.20\nENV A=1 B")]
    [InlineData("FROM alpine:3.20\nBOGUS x")]
    [InlineData("FROM alpine:3.20\nCOPY onlyone")]
    [InlineData("FROM alpine:3.20\nSHELL /bin/sh -c")]
    [InlineData("FROM alpine:3.20\nHEALTHCHECK CONNECT x")]
    [InlineData("# escape=x\nFROM alpine:3.20")]
    [InlineData("")]
    [InlineData("# only a comment")]
    public void Errors_are_reported_and_never_thrown(string text)
    {
        var result = DockerfileLinter.Lint(text);
        Assert.Contains(result.Findings, f => f.Rule.Category == "Syntax");
    }

    [Theory]
    [InlineData("RUNN echo", "unknown instruction: RUNN (did you mean RUN?)")]
    [InlineData("workdri /app", "unknown instruction: workdri (did you mean WORKDIR?)")]
    [InlineData("~", "unknown instruction: ~")]
    public void Unknown_instructions_suggest_the_nearest_keyword(string line, string message)
    {
        var syntax = Parse("FROM alpine:3.20\n" + line + "\n");
        Assert.Equal(message, Assert.Single(syntax.Errors).Message);
    }

    [Fact]
    public void Errors_do_not_stop_the_rest_of_the_file_from_being_checked()
    {
        var result = DockerfileLinter.Lint("FROM alpine:3.20\nBOGUS x\nENV A\nRUN apk add curl\nFROM alpine:latest\n");
        Assert.Equal(2, result.Findings.Count(f => f.Rule.Id == "DF1000"));
        Assert.Contains(result.Findings, f => f.Rule.Id == "DF3010");
        Assert.Contains(result.Findings, f => f.Rule.Id == "DF2002");
    }

    [Fact]
    public void Handles_crlf_and_bom()
    {
        var text = "\uFEFFFROM alpine:3.20\r\nRUN apk add \\\r\n  curl\r\n";
        var result = DockerfileLinter.Lint(text);
        var pin = result.Findings.Single(f => f.Rule.Id == "DF3010");
        Assert.Equal("curl", Lints.Covered(text, pin));
        Assert.Empty(result.Syntax.Errors);
    }

    [Fact]
    public void Never_throws_on_truncated_or_garbled_input()
    {
        var text = "# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=$BUILDPLATFORM alpine:${V:-3} AS b\nRUN <<EOF bash -c \"x\"\n  apt-get install -y \"$(echo a)\" | sh\nEOF\nCOPY [\"a\", \"b\"] /c/\nENV A=\"unterminated\nLABEL x='y\nHEALTHCHECK --interval=1s CMD [\"a\"\n";
        for (var i = 0; i <= text.Length; i++)
        {
            DockerfileLinter.Lint(text.Substring(0, i));
            DockerfileLinter.Lint(text.Substring(i));
        }
    }
}
