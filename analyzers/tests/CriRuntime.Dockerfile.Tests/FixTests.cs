using Xunit;

namespace CriRuntime.Dockerfile.Tests;

public sealed class FixTests
{
    private static string FixOnce(string text, string ruleId)
    {
        var finding = Lints.Of(text, ruleId).First(f => f.Fixes.Count > 0);
        return Lints.Apply(text, finding.Fixes[0]);
    }

    [Theory]
    [InlineData("DF3003", "FROM debian:12-slim\nRUN apt-get install -y a=1\n", "FROM debian:12-slim\nRUN apt-get install --no-install-recommends -y a=1\n")]
    [InlineData("DF3002", "FROM debian:12-slim\nRUN apt-get install \\\n  a=1\n", "FROM debian:12-slim\nRUN apt-get install -y \\\n  a=1\n")]
    [InlineData("DF3001", "FROM debian:12-slim\nRUN apt install -y a=1\n", "FROM debian:12-slim\nRUN apt-get install -y a=1\n")]
    [InlineData("DF3011", "FROM alpine:3.20\nRUN apk add a=1\n", "FROM alpine:3.20\nRUN apk add --no-cache a=1\n")]
    [InlineData("DF3041", "FROM python:3.12-slim\nRUN pip install a==1\n", "FROM python:3.12-slim\nRUN pip install --no-cache-dir a==1\n")]
    [InlineData("DF3020", "FROM centos:7\nRUN yum install a-1\n", "FROM centos:7\nRUN yum install -y a-1\n")]
    [InlineData("DF3026", "FROM opensuse/leap:15.6\nRUN zypper install a=1\n", "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install a=1\n")]
    [InlineData("DF3005", "FROM debian:12-slim\nRUN apt-get update && \\\n    apt-get install -y a=1\n", "FROM debian:12-slim\nRUN apt-get update && \\\n    apt-get install -y a=1 && rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("DF4003", "FROM alpine:3.20\nADD a /a\n", "FROM alpine:3.20\nCOPY a /a\n")]
    [InlineData("DF4003", "from alpine:3.20\nadd a /a\n", "from alpine:3.20\ncopy a /a\n")]
    [InlineData("DF4001", "FROM alpine:3.20\nMAINTAINER Jane \"JD\" Doe\n", "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe\"\n")]
    [InlineData("DF4002", "FROM alpine:3.20\nCMD /usr/bin/app --port 80\n", "FROM alpine:3.20\nCMD [\"/usr/bin/app\", \"--port\", \"80\"]\n")]
    [InlineData("DF4002", "FROM alpine:3.20\nENTRYPOINT  nginx -g daemon\n", "FROM alpine:3.20\nENTRYPOINT  [\"nginx\", \"-g\", \"daemon\"]\n")]
    [InlineData("DF4002", "FROM nginx:1.27\nCMD nginx -g \"daemon off;\"\n", "FROM nginx:1.27\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n")]
    [InlineData("DF4002", "FROM alpine:3.20\nCMD echo 'say \"hi\"' --opt=a\n", "FROM alpine:3.20\nCMD [\"echo\", \"say \\\"hi\\\"\", \"--opt=a\"]\n")]
    [InlineData("DF4006", "FROM alpine:3.20\nRUN echo a\nRUN echo b\n", "FROM alpine:3.20\nRUN echo a && \\\n    echo b\n")]
    [InlineData("DF4006", "FROM alpine:3.20\nRUN echo a > /x  \nRUN echo b\n", "FROM alpine:3.20\nRUN echo a > /x && \\\n    echo b\n")]
    [InlineData("DF4006", "# escape=`\nFROM alpine:3.20\nRUN echo a\nRUN echo b\n", "# escape=`\nFROM alpine:3.20\nRUN echo a && `\n    echo b\n")]
    [InlineData("DF4007", "FROM alpine:3.20 AS Build\nFROM alpine:3.20\nCOPY --from=Build /a /a\n", "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n")]
    [InlineData("DF4008", "FROM alpine:3.20 as b\n", "FROM alpine:3.20 AS b\n")]
    [InlineData("DF4009", "FROM alpine:3.20\nRun echo\nRUN echo\n", "FROM alpine:3.20\nRUN echo\nRUN echo\n")]
    [InlineData("DF4010", "FROM alpine:3.20\nENV A some value\n", "FROM alpine:3.20\nENV A=\"some value\"\n")]
    [InlineData("DF4010", "FROM alpine:3.20\nENV A \"x y\"\n", "FROM alpine:3.20\nENV A=\"x y\"\n")]
    [InlineData("DF4015", "FROM debian:12-slim\nRUN wget https://x\n", "FROM debian:12-slim\nRUN wget --progress=dot:giga https://x\n")]
    [InlineData("DF1002", "FROM alpine:3.20\nRUN echo a \\\n\n  b\n", "FROM alpine:3.20\nRUN echo a \\\n  b\n")]
    [InlineData("DF1007", "FROM alpine:3.20\nCOPY a b /c\n", "FROM alpine:3.20\nCOPY a b /c/\n")]
    [InlineData("DF1010", "FROM alpine:3.20\nEXPOSE 53/UDP\n", "FROM alpine:3.20\nEXPOSE 53/udp\n")]
    [InlineData("DF2007", "FROM --platform=$TARGETPLATFORM alpine:3.20\n", "FROM alpine:3.20\n")]
    [InlineData("DF6002", "FROM debian:12-slim\nRUN useradd -u 2000000 app\n", "FROM debian:12-slim\nRUN useradd -l -u 2000000 app\n")]
    public void Fix_produces_the_expected_text(string ruleId, string before, string after)
    {
        Assert.Equal(after, FixOnce(before, ruleId));
        Assert.Empty(Lints.Of(after, ruleId));
    }

    [Theory]
    [InlineData("DF4002", "FROM alpine:3.20\nCMD echo $HOME && sleep 1\n")]
    [InlineData("DF4002", "FROM alpine:3.20\nCMD app > /log\n")]
    [InlineData("DF4002", "FROM alpine:3.20\nCMD \"$APP\" --run\n")]
    [InlineData("DF4002", "FROM alpine:3.20\nCMD A=1 app\n")]
    [InlineData("DF4006", "FROM alpine:3.20\nRUN [\"echo\", \"a\"]\nRUN echo b\n")]
    [InlineData("DF3005", "FROM debian:12-slim\nRUN <<EOF\napt-get update && apt-get install -y a=1\nEOF\n")]
    [InlineData("DF3005", "FROM debian:12-slim\nRUN apt-get install -y a=1 # install a\n")]
    [InlineData("DF3005", "FROM debian:12-slim\nRUN apt-get install -y a=1 &\n")]
    [InlineData("DF4006", "FROM alpine:3.20\nRUN echo a # note\nRUN echo b\n")]
    [InlineData("DF4006", "FROM alpine:3.20\nRUN (echo a\nRUN echo b\n")]
    public void No_fix_when_it_would_change_meaning(string ruleId, string text)
    {
        var finding = Assert.Single(Lints.Of(text, ruleId));
        Assert.Empty(finding.Fixes);
    }

    [Fact]
    public void Fix_spans_carry_line_and_column()
    {
        var text = "FROM debian:12-slim\nRUN apt-get update && \\\n    apt-get install -y a=1\n";
        var edit = Lints.Of(text, "DF3003").Single().Fixes[0].Edits[0];
        Assert.Equal(2, edit.Span.StartLine);
        Assert.Equal(19, edit.Span.StartColumn);
        Assert.Equal(0, edit.Span.Length);
    }
}
