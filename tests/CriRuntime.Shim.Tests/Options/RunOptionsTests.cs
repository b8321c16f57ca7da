using CriRuntime.ShimContract;
using CriRuntime.ShimContract.Arguments;
using Xunit;

namespace CriRuntime.Shim.Tests.Options;

public sealed class RunOptionsTests
{
    private static readonly string[] Required =
    [
        "--id", "abc", "--bundle", "/b", "--runtime", "/usr/sbin/runc", "--runtime-root", "/run/runc",
        "--log", "/l/c.log", "--exit-file", "/s/exit", "--socket", "/s/ctl.sock", "--pid-file", "/s/pid",
    ];

    [Fact]
    public void Parses_every_flag()
    {
        var options = ShimRunOptions.Parse([.. Required, "--tty", "--stdin", "--stdin-once", "--systemd-cgroup"]);
        Assert.Equal("abc", options.Id);
        Assert.Equal("/b", options.Bundle);
        Assert.Equal("/s/ctl.sock", options.Socket);
        Assert.True(options.Tty && options.Stdin && options.StdinOnce && options.SystemdCgroup);
    }

    [Fact]
    public void Accepts_flag_equals_value()
    {
        var args = Required.ToList();
        args[0] = "--id=xyz";
        args.RemoveAt(1);
        Assert.Equal("xyz", ShimRunOptions.Parse(args).Id);
    }

    [Fact]
    public void Builds_the_runtime_create_command_line()
    {
        Assert.Equal(
            ["/usr/sbin/runc", "--root", "/run/runc", "create", "--bundle", "/b", "--pid-file", "/s/pid", "abc"],
            ShimRunOptions.Parse(Required).CreateArguments(null));
        Assert.Equal(
            ["/usr/sbin/runc", "--root", "/run/runc", "--systemd-cgroup", "create", "--bundle", "/b", "--pid-file", "/s/pid", "--console-socket", "/t/c.sock", "abc"],
            ShimRunOptions.Parse([.. Required, "--systemd-cgroup"]).CreateArguments("/t/c.sock"));
    }

    [Theory]
    [InlineData("--bundle")]
    [InlineData("--socket")]
    [InlineData("--exit-file")]
    public void A_missing_required_flag_is_named(string flag)
    {
        var args = Required.ToList();
        var at = args.IndexOf(flag);
        args.RemoveRange(at, 2);
        var e = Assert.Throws<ShimArgumentException>(() => ShimRunOptions.Parse(args));
        Assert.Contains(flag, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_flags_and_missing_values_are_errors()
    {
        Assert.Contains("--bogus", Assert.Throws<ShimArgumentException>(() => ShimRunOptions.Parse([.. Required, "--bogus"])).Message, StringComparison.Ordinal);
        Assert.Contains("--log needs a value", Assert.Throws<ShimArgumentException>(() => ShimRunOptions.Parse([.. Required, "--log"])).Message, StringComparison.Ordinal);
        Assert.Throws<ShimArgumentException>(() => ShimRunOptions.Parse([.. Required, "stray"]));
        Assert.Throws<ShimArgumentException>(() => ShimRunOptions.Parse([.. Required, "--tty=yes"]));
    }

    [Fact]
    public void Relative_paths_become_absolute()
    {
        var args = Required.ToList();
        args[args.IndexOf("/b")] = "bundle";
        Assert.Equal(Path.GetFullPath("bundle"), ShimRunOptions.Parse(args).Bundle);
    }
}
