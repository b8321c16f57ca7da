using System.Text.Json.Nodes;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniPluginInvokerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeCniExecutor _executor = new();
    private readonly CniNetworkConfigList _list = CniNetworkConfigList.ParseList(
        """{"cniVersion":"1.0.0","name":"testnet","plugins":[{"type":"bridge","bridge":"br0","capabilities":{"ipRanges":true}},{"type":"portmap","capabilities":{"portMappings":true},"runtimeConfig":{"stale":1}}]}""",
        "test");

    private readonly CniAttachment _attachment = new("c1", "/run/netns/c1", "eth0", "IgnoreUnknown=1");

    public void Dispose() => _dir.Dispose();

    private CniPluginInvoker Invoker(params string[] binDirs) => new(_executor, binDirs, TimeSpan.FromSeconds(5), FakeHostFiles.Shared);

    [Fact]
    public void Plugins_are_found_in_the_first_bin_dir_that_has_them()
    {
        var first = _dir.Write("opt/bridge", "");
        _dir.Write("usr/bridge", "");
        var second = _dir.Write("usr/portmap", "");
        var invoker = Invoker(Path.Combine(_dir.Path, "opt"), Path.Combine(_dir.Path, "usr"));

        Assert.Equal(first, invoker.FindPlugin("bridge"));
        Assert.Equal(second, invoker.FindPlugin("portmap"));
        Assert.Null(invoker.FindPlugin("macvlan"));
        Assert.Null(invoker.FindPlugin("../usr/bridge"));
    }

    [Fact]
    public async Task The_environment_and_stdin_follow_the_spec()
    {
        _dir.Write("bin/portmap", "");
        var invoker = Invoker(Path.Combine(_dir.Path, "bin"), "/nonexistent");
        var capabilities = new JsonObject { ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 80 }), ["ipRanges"] = new JsonArray() };

        await invoker.InvokeAsync("ADD", _list, _list.Plugins[1], _attachment, """{"cniVersion":"1.0.0","ips":[]}""", capabilities, CancellationToken.None);

        var call = Assert.Single(_executor.Calls);
        Assert.Equal("ADD", call.Environment["CNI_COMMAND"]);
        Assert.Equal("c1", call.Environment["CNI_CONTAINERID"]);
        Assert.Equal("/run/netns/c1", call.Environment["CNI_NETNS"]);
        Assert.Equal("eth0", call.Environment["CNI_IFNAME"]);
        Assert.Equal("IgnoreUnknown=1", call.Environment["CNI_ARGS"]);
        Assert.Equal($"{_dir.Path}/bin:/nonexistent", call.Environment["CNI_PATH"]);
        Assert.Equal("testnet", (string)call.Config["name"]!);
        Assert.Equal("1.0.0", (string)call.Config["cniVersion"]!);
        Assert.Equal("""{"cniVersion":"1.0.0","ips":[]}""", call.Config["prevResult"]!.ToJsonString());
        // Only the declared capability, and the file's own runtimeConfig is replaced.
        Assert.Equal("""{"portMappings":[{"hostPort":80}]}""", call.Config["runtimeConfig"]!.ToJsonString());
    }

    [Fact]
    public async Task A_plugin_error_object_is_reported_with_plugin_command_and_code()
    {
        _dir.Write("bin/bridge", "");
        _executor.Handlers["bridge"] = _ => new CniExecOutcome(1, """{"cniVersion":"1.0.0","code":11,"msg":"resource busy","details":"try later"}""", "log line");
        var invoker = Invoker(Path.Combine(_dir.Path, "bin"));

        var error = await Assert.ThrowsAsync<CniPluginException>(() => invoker.InvokeAsync("ADD", _list, _list.Plugins[0], _attachment, null, [], CancellationToken.None));

        Assert.Equal(11, error.Error!.Code);
        Assert.Equal("bridge", error.Plugin);
        Assert.Equal("CNI plugin \"bridge\" (ADD, network \"testnet\", container c1) failed: code 11 (try again later): resource busy; try later (stderr: log line)", error.Message);
    }

    [Fact]
    public async Task A_crash_without_error_object_reports_exit_status_and_stderr()
    {
        _dir.Write("bin/bridge", "");
        _executor.Handlers["bridge"] = _ => new CniExecOutcome(2, "", "panic: nil pointer");
        var invoker = Invoker(Path.Combine(_dir.Path, "bin"));

        var error = await Assert.ThrowsAsync<CniPluginException>(() => invoker.InvokeAsync("DEL", _list, _list.Plugins[0], _attachment, null, [], CancellationToken.None));

        Assert.Null(error.Error);
        Assert.EndsWith("exited with status 2: panic: nil pointer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_reported_as_such()
    {
        _dir.Write("bin/bridge", "");
        _executor.Handlers["bridge"] = _ => new CniExecOutcome(-1, "", "", TimedOut: true);
        var invoker = Invoker(Path.Combine(_dir.Path, "bin"));

        var error = await Assert.ThrowsAsync<CniPluginException>(() => invoker.InvokeAsync("ADD", _list, _list.Plugins[0], _attachment, null, [], CancellationToken.None));

        Assert.True(error.TimedOut);
        Assert.Contains("did not finish within 5 s and was killed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plugin_names_the_dirs_searched()
    {
        var invoker = Invoker("/nonexistent/a", "/nonexistent/b");

        var error = await Assert.ThrowsAsync<CniPluginException>(() => invoker.InvokeAsync("ADD", _list, _list.Plugins[0], _attachment, null, [], CancellationToken.None));

        Assert.Equal("CNI plugin \"bridge\" of network \"testnet\" was not found in /nonexistent/a, /nonexistent/b", error.Message);
        Assert.Empty(_executor.Calls);
    }

    [Fact]
    public async Task An_unreadable_result_is_an_error()
    {
        _dir.Write("bin/bridge", "");
        _executor.Handlers["bridge"] = _ => new CniExecOutcome(0, "{\"ips\":[{\"address\":\"bogus\"}]}", "");
        var invoker = Invoker(Path.Combine(_dir.Path, "bin"));

        var error = await Assert.ThrowsAsync<CniPluginException>(() => invoker.InvokeAsync("ADD", _list, _list.Plugins[0], _attachment, null, [], CancellationToken.None));

        Assert.Contains("printed a result that cannot be read", error.Message, StringComparison.Ordinal);
    }
}
