using CriRuntime.Core.Networking.Cni;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniErrorTests
{
    [Fact]
    public void Parses_an_error_object()
    {
        var error = CniError.TryParse("""{"cniVersion":"1.0.0","code":7,"msg":"invalid network config","details":"missing subnet"}""");

        Assert.Equal(new CniError(7, "invalid network config", "missing subnet"), error);
        Assert.Equal("code 7 (invalid network config): invalid network config; missing subnet", error!.ToString());
    }

    [Fact]
    public void Plugin_specific_codes_are_named_so()
    {
        var error = CniError.TryParse("""{"code":100,"msg":"failed to allocate for range 0: no IP addresses available in range set"}""");

        Assert.Equal("code 100 (plugin-specific error): failed to allocate for range 0: no IP addresses available in range set", error!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("panic: runtime error")]
    [InlineData("{\"cniVersion\":\"1.0.0\"}")]
    [InlineData("[1]")]
    public void Output_that_is_no_error_object_gives_null(string text) => Assert.Null(CniError.TryParse(text));
}
