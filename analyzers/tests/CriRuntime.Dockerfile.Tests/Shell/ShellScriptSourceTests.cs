using Xunit;

namespace CriRuntime.Dockerfile.Tests.Shell;

/// <summary>The dialect each RUN's script is checked in is the shell in force at that RUN.</summary>
public sealed class ShellScriptSourceTests
{
    [Theory]
    [InlineData("FROM debian:12-slim\nRUN echo a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo b\n", "dash,bash")]
    [InlineData("FROM alpine:3.20\nRUN echo a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo b\nSHELL [\"/bin/sh\", \"-c\"]\nRUN echo c\n", "sh,bash,sh")]
    [InlineData("FROM debian:12-slim AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nRUN echo a\n", "bash")]
    [InlineData("FROM debian:12-slim\nRUN echo a\nFROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo b\n", "dash,bash")]
    public void Each_run_gets_the_shell_in_force_where_it_stands(string dockerfile, string dialects)
    {
        var scripts = DockerfileLinter.ShellScripts(DockerfileLinter.Lint(dockerfile));
        Assert.Equal(dialects, string.Join(',', scripts.Select(s => s.Dialect)));
    }
}
