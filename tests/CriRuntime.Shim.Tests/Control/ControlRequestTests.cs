using System.Text;
using CriRuntime.Shim.Control;
using CriRuntime.ShimContract.Control;
using Xunit;

namespace CriRuntime.Shim.Tests.Control;

public sealed class ControlRequestTests
{
    private static ControlRequest Parse(string line)
    {
        Assert.True(ControlRequest.TryParse(Encoding.UTF8.GetBytes(line), out var request, out var error), error);
        return request!;
    }

    private static string Error(string line)
    {
        Assert.False(ControlRequest.TryParse(Encoding.UTF8.GetBytes(line), out _, out var error));
        return error;
    }

    [Fact]
    public void Parses_reopen_and_status()
    {
        Assert.Equal(ControlOp.Reopen, Parse("""{"op":"reopen"}""").Op);
        Assert.Equal(ControlOp.Status, Parse("""{ "op" : "status" }""").Op);
    }

    [Fact]
    public void Parses_resize_with_its_size()
    {
        var request = Parse("""{"op":"resize","width":120,"height":40}""");
        Assert.Equal(ControlOp.Resize, request.Op);
        Assert.Equal(120, request.Width);
        Assert.Equal(40, request.Height);
    }

    [Fact]
    public void Parses_attach_streams()
    {
        var request = Parse("""{"op":"attach","stdin":true,"stdout":false,"stderr":true}""");
        Assert.Equal(ControlOp.Attach, request.Op);
        Assert.True(request.Stdin);
        Assert.False(request.Stdout);
        Assert.True(request.Stderr);
    }

    [Fact]
    public void Ignores_unknown_members_even_nested_ones()
    {
        Assert.Equal(ControlOp.Status, Parse("""{"trace":{"a":[1,2,{"b":null}]},"op":"status","n":1.5}""").Op);
    }

    [Theory]
    [InlineData("""{"op":"resize","width":80}""", "width")]
    [InlineData("""{"op":"resize","width":-1,"height":5}""", "width")]
    [InlineData("""{"op":"resize","width":80,"height":70000}""", "height")]
    [InlineData("""{"op":"launch"}""", "unknown op")]
    [InlineData("""{"width":1}""", "missing")]
    [InlineData("""{"op":7}""", "wrong type")]
    [InlineData("""[1]""", "not a JSON object")]
    [InlineData("""not json""", "invalid JSON")]
    [InlineData("""{"op":"status"} {"op":"status"}""", "invalid JSON")]
    [InlineData("""{"op":"status" """, "invalid JSON")]
    [InlineData("", "invalid JSON")]
    public void Rejects_bad_requests_with_a_reason(string line, string reason)
    {
        Assert.Contains(reason, Error(line), StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_are_one_json_line()
    {
        Assert.Equal("{\"ok\":true}\n", Encoding.UTF8.GetString(ControlResponse.Ok()));
        var error = ControlResponse.Error("no \"tty\"\n");
        Assert.Equal((byte)'\n', error[^1]);
        Assert.DoesNotContain((byte)'\n', error[..^1]);
        using var json = System.Text.Json.JsonDocument.Parse(error);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("no \"tty\"\n", json.RootElement.GetProperty("error").GetString());
        Assert.Equal("{\"ok\":true,\"pid\":42,\"running\":false}\n", Encoding.UTF8.GetString(ControlResponse.Status(42, running: false)));
    }
}
