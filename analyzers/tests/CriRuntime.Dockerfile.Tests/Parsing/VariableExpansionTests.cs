using CriRuntime.Dockerfile.Semantics;
using Xunit;

namespace CriRuntime.Dockerfile.Tests.Parsing;

public sealed class VariableExpansionTests
{
    [Theory]
    [InlineData("$A", "a")]
    [InlineData("${A}", "a")]
    [InlineData("${A}-$B", "a-")]
    [InlineData("${B:-dflt}", "dflt")]
    [InlineData("${E:-dflt}", "dflt")]
    [InlineData("${E-dflt}", "")]
    [InlineData("${B-dflt}", "dflt")]
    [InlineData("${A:+set}", "set")]
    [InlineData("${B:+set}", "")]
    [InlineData("${E+set}", "set")]
    [InlineData("\\$A", "$A")]
    [InlineData("'$A'", "$A")]
    [InlineData("\"$A b\"", "a b")]
    [InlineData("${A:-${B:-x}}", "a")]
    [InlineData("${B:-${A}}", "a")]
    [InlineData("$", "$")]
    [InlineData("a$1", "a")]
    public void Expands_like_buildkit(string word, string expected)
    {
        var scope = new VariableScope();
        scope.Set("A", "a");
        scope.Set("E", string.Empty);
        Assert.Equal(expected, VariableExpander.Expand(word, '\\', scope, null));
    }

    [Fact]
    public void Reports_every_reference_with_its_fallback()
    {
        var refs = new List<VariableReference>();
        VariableExpander.Expand("$A ${B:-x} ${C}", '\\', new VariableScope(), refs);
        Assert.Equal(new[] { "A", "B", "C" }, refs.Select(r => r.Name));
        Assert.Equal(new[] { false, true, false }, refs.Select(r => r.HasFallback));
        Assert.Equal(3, refs[1].Start);
    }

    [Fact]
    public void Global_args_resolve_in_from_so_a_defaulted_tag_is_not_untagged()
    {
        var result = DockerfileLinter.Lint("ARG BASE=alpine\nARG TAG=3.20\nFROM ${BASE}:${TAG}\n");
        Assert.Equal("alpine:3.20", result.Syntax.Stages[0].BaseImage);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id is "DF2001" or "DF2002" or "DF1017");
    }

    [Fact]
    public void Stage_args_inherit_the_global_default_only_when_redeclared()
    {
        var text = "ARG V=1\nFROM alpine:3.20\nARG V\nENV X=$V\nFROM alpine:3.20\nENV Y=$V\n";
        var result = DockerfileLinter.Lint(text);
        var undefined = result.Findings.Where(f => f.Rule.Id == "DF1016").ToList();
        Assert.Single(undefined);
        Assert.Equal(5, undefined[0].Span.StartLine);
        Assert.Equal("1", result.Syntax.Instructions[3].Info.Expanded![0]);
        Assert.Equal(string.Empty, result.Syntax.Instructions[5].Info.Expanded![0]);
    }

    [Fact]
    public void Env_wins_over_an_arg_of_the_same_name()
    {
        var result = DockerfileLinter.Lint("FROM alpine:3.20\nENV PORT=80\nARG PORT=8080\nEXPOSE $PORT\n");
        Assert.Equal("80", result.Syntax.Instructions[3].Info.Expanded![0]);
    }

    [Fact]
    public void Env_is_inherited_from_a_parent_stage()
    {
        var text = "FROM scratch AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\n";
        var result = DockerfileLinter.Lint(text);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "DF1016");
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "DF1019");
    }

    [Fact]
    public void Undefined_variable_in_a_scratch_stage_is_reported_with_its_span()
    {
        var text = "FROM scratch\nCOPY app /app/$NAME/\n";
        var finding = Assert.Single(Lints.Of(text, "DF1016"));
        Assert.Equal("$NAME", Lints.Covered(text, finding));
    }
}
