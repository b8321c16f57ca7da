using CriRuntime.Core.Networking.Cni;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniConfigLoaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_first_file_in_lexical_order_wins()
    {
        _dir.Write("20-b.conflist", """{"cniVersion":"1.0.0","name":"b","plugins":[{"type":"bridge"}]}""");
        _dir.Write("10-a.conflist", """{"cniVersion":"1.0.0","name":"a","plugins":[{"type":"ptp"},{"type":"portmap"}]}""");
        _dir.Write("100-c.conflist", """{"cniVersion":"1.0.0","name":"c","plugins":[{"type":"bridge"}]}""");

        var result = CniConfigLoader.Load(_dir.Path, FakeHostFiles.Shared);

        // Ordinal order: "10-a" < "100-c" < "20-b".
        Assert.Equal("a", result.Network!.Name);
        Assert.Equal(["ptp", "portmap"], result.Network.PluginTypes);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void A_single_plugin_conf_is_wrapped_as_a_list_of_one()
    {
        _dir.Write("05-single.conf", """{"cniVersion":"0.3.1","name":"single","type":"bridge","bridge":"br9","capabilities":{"portMappings":true}}""");

        var network = CniConfigLoader.Load(_dir.Path, FakeHostFiles.Shared).Network!;

        Assert.Equal("single", network.Name);
        Assert.Equal("0.3.1", network.CniVersion);
        var plugin = Assert.Single(network.Plugins);
        Assert.Equal("bridge", (string)plugin["type"]!);
        Assert.Equal("br9", (string)plugin["bridge"]!);
        // The wrapped list round-trips through the cache as a list.
        Assert.Equal("single", CniNetworkConfigList.ParseList(network.Json, "cache").Name);
    }

    [Fact]
    public void Json_files_count_and_other_extensions_do_not()
    {
        _dir.Write("00-readme.txt", "not a config");
        _dir.Write("01-backup.conflist.bak", """{"cniVersion":"1.0.0","name":"bak","plugins":[{"type":"bridge"}]}""");
        _dir.Write("50-net.json", """{"cniVersion":"1.0.0","name":"json","type":"macvlan"}""");

        Assert.Equal("json", CniConfigLoader.Load(_dir.Path, FakeHostFiles.Shared).Network!.Name);
    }

    [Fact]
    public void Invalid_files_are_skipped_with_a_reason_and_the_next_valid_one_is_used()
    {
        _dir.Write("01-broken.conflist", "{ not json");
        _dir.Write("02-noplugins.conflist", """{"cniVersion":"1.0.0","name":"x","plugins":[]}""");
        _dir.Write("03-oldversion.conflist", """{"cniVersion":"0.2.0","name":"x","plugins":[{"type":"bridge"}]}""");
        _dir.Write("04-notype.conflist", """{"cniVersion":"1.0.0","name":"x","plugins":[{"bridge":"b"}]}""");
        _dir.Write("05-noname.conf", """{"cniVersion":"1.0.0","type":"bridge"}""");
        _dir.Write("06-listinconf.conf", """{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"bridge"}]}""");
        _dir.Write("07-array.json", "[1,2]");
        _dir.Write("99-good.conflist", """{"cniVersion":"1.1.0","name":"good","plugins":[{"type":"bridge"}]}""");

        var result = CniConfigLoader.Load(_dir.Path, FakeHostFiles.Shared);

        Assert.Equal("good", result.Network!.Name);
        var reasons = result.Skipped.ToDictionary(static s => System.IO.Path.GetFileName(s.Path), static s => s.Reason);
        Assert.Equal(7, reasons.Count);
        Assert.StartsWith("invalid JSON", reasons["01-broken.conflist"], StringComparison.Ordinal);
        Assert.Equal("\"plugins\" is empty", reasons["02-noplugins.conflist"]);
        Assert.Contains("cniVersion 0.2.0 is not supported", reasons["03-oldversion.conflist"], StringComparison.Ordinal);
        Assert.Equal("no \"type\" string", reasons["04-notype.conflist"]);
        Assert.Equal("no \"name\" string", reasons["05-noname.conf"]);
        Assert.Contains("name it .conflist", reasons["06-listinconf.conf"], StringComparison.Ordinal);
        Assert.Equal("not a JSON object", reasons["07-array.json"]);
    }

    [Fact]
    public void No_valid_file_gives_a_message_naming_the_dir_and_the_skipped_files()
    {
        _dir.Write("10-bad.conflist", "{}");

        var result = CniConfigLoader.Load(_dir.Path, FakeHostFiles.Shared);

        Assert.Null(result.Network);
        Assert.Contains(_dir.Path, result.Message, StringComparison.Ordinal);
        Assert.Contains("10-bad.conflist: no \"plugins\" array", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_dir_is_not_an_error_but_no_network()
    {
        var result = CniConfigLoader.Load(System.IO.Path.Combine(_dir.Path, "absent"), FakeHostFiles.Shared);

        Assert.Null(result.Network);
        Assert.Contains("does not exist", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Every_supported_version_loads(string version)
    {
        _dir.Write("10.conflist", $$"""{"cniVersion":"{{version}}","name":"n","disableCheck":true,"plugins":[{"type":"bridge"}]}""");

        var network = CniConfigLoader.Load(_dir.Path, FakeHostFiles.Shared).Network!;

        Assert.Equal(version, network.CniVersion);
        Assert.True(network.DisableCheck);
    }
}
