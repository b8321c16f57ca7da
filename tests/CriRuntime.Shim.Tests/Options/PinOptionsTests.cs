using CriRuntime.ShimContract;
using CriRuntime.ShimContract.Arguments;
using Xunit;

namespace CriRuntime.Shim.Tests.Options;

public sealed class PinOptionsTests
{
    [Fact]
    public void Parses_the_namespaces_and_hostname()
    {
        var options = ShimPinOptions.Parse(["--dir", "/run/x/ns", "--net", "--uts", "--hostname", "pod-a"]);
        Assert.Equal("/run/x/ns", options.Dir);
        Assert.True(options.Net);
        Assert.False(options.Ipc);
        Assert.True(options.Uts);
        Assert.Equal("pod-a", options.Hostname);
    }

    [Theory]
    [InlineData(new[] { "--net" }, "--dir")]
    [InlineData(new[] { "--dir", "/x" }, "nothing to pin")]
    [InlineData(new[] { "--dir", "/x", "--net", "--hostname", "h" }, "needs --uts")]
    [InlineData(new[] { "--dir", "/x", "--pid" }, "unknown flag --pid")]
    public void Rejects_incomplete_or_unsafe_requests(string[] args, string reason)
    {
        Assert.Contains(reason, Assert.Throws<ShimArgumentException>(() => ShimPinOptions.Parse(args)).Message, StringComparison.Ordinal);
    }
}
