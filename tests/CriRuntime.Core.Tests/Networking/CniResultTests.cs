using System.Net;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Networking.Cni;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniResultTests
{
    // 0.3.x results carry "version" in each ips entry; 0.4.0 is the same shape; 1.0.0 drops "version".
    private const string V031 = """
        {"cniVersion":"0.3.1",
         "interfaces":[{"name":"cni0","mac":"aa:bb:cc:dd:ee:01"},{"name":"veth1","mac":"aa:bb:cc:dd:ee:02"},{"name":"eth0","mac":"aa:bb:cc:dd:ee:03","sandbox":"/run/netns/x"}],
         "ips":[{"version":"4","interface":2,"address":"10.22.0.5/16","gateway":"10.22.0.1"}],
         "routes":[{"dst":"0.0.0.0/0"}],
         "dns":{"nameservers":["10.96.0.10"],"search":["svc.cluster.local"]}}
        """;

    private const string V040 = """
        {"cniVersion":"0.4.0",
         "interfaces":[{"name":"eth0","sandbox":"/run/netns/x"}],
         "ips":[{"version":"6","interface":0,"address":"fd00::5/64","gateway":"fd00::1"},{"version":"4","interface":0,"address":"10.22.0.5/16"}]}
        """;

    private const string V100 = """
        {"cniVersion":"1.0.0",
         "interfaces":[{"name":"cni0","mac":"aa"},{"name":"eth0","mac":"bb","sandbox":"/run/netns/x"}],
         "ips":[{"interface":1,"address":"10.22.0.7/24","gateway":"10.22.0.1"},{"interface":0,"address":"10.22.0.1/24"}],
         "routes":[{"dst":"10.0.0.0/8","gw":"10.22.0.1"}],
         "dns":{}}
        """;

    private const string V110 = """
        {"cniVersion":"1.1.0",
         "interfaces":[{"name":"eth0","mac":"bb","mtu":1400,"sandbox":"/run/netns/x","socketPath":"","pciID":""}],
         "ips":[{"interface":0,"address":"10.22.0.8/24"},{"interface":0,"address":"fd00::8/64"},{"interface":0,"address":"10.23.0.8/24"}],
         "routes":[{"dst":"0.0.0.0/0","gw":"10.22.0.1","mtu":1400,"advmss":1360,"priority":10,"table":100,"scope":0}]}
        """;

    [Fact]
    public void Parses_a_0_3_1_result()
    {
        var result = CniResult.Parse(V031);

        Assert.Equal("0.3.1", result.CniVersion);
        Assert.Equal(3, result.Interfaces.Count);
        var ip = Assert.Single(result.Ips);
        Assert.Equal(IPAddress.Parse("10.22.0.5"), ip.Address);
        Assert.Equal(16, ip.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.22.0.1"), ip.Gateway);
        Assert.Equal(2, ip.Interface);
        Assert.Equal(["10.96.0.10"], result.Dns!.Nameservers);
        Assert.Equal(["svc.cluster.local"], result.Dns.Search);
        Assert.Equal([IPAddress.Parse("10.22.0.5")], result.PodAddresses("eth0"));
    }

    [Fact]
    public void Parses_a_0_4_0_result_and_puts_ipv4_first()
    {
        var result = CniResult.Parse(V040);

        Assert.Equal([IPAddress.Parse("10.22.0.5"), IPAddress.Parse("fd00::5")], result.PodAddresses("eth0"));
    }

    [Fact]
    public void Parses_a_1_0_0_result_and_leaves_out_host_side_addresses()
    {
        var result = CniResult.Parse(V100);

        Assert.Equal(2, result.Ips.Count);
        // The gateway address on the bridge (interface 0, no sandbox) is not the pod's.
        Assert.Equal([IPAddress.Parse("10.22.0.7")], result.PodAddresses("eth0"));
        Assert.Equal(IPAddress.Parse("10.22.0.1"), Assert.Single(result.Routes).Gateway);
    }

    [Fact]
    public void Parses_a_1_1_0_result_with_its_new_fields()
    {
        var result = CniResult.Parse(V110);

        Assert.Equal("1.1.0", result.CniVersion);
        Assert.Equal(IPNetwork.Parse("0.0.0.0/0"), Assert.Single(result.Routes).Destination);
        var status = new PodNetworkStatus { Addresses = result.PodAddresses("eth0") };
        Assert.Equal("10.22.0.8", status.Ip);
        Assert.Equal(["10.23.0.8", "fd00::8"], status.AdditionalIps);
        Assert.Equal(IPAddress.Parse("fd00::8"), status.PrimaryIPv6);
    }

    [Fact]
    public void Addresses_without_an_interface_index_count_as_the_pods_and_loopback_never_does()
    {
        var result = CniResult.Parse("""{"cniVersion":"1.0.0","ips":[{"address":"127.0.0.1/8"},{"address":"10.1.2.3/24"}]}""");

        Assert.Equal([IPAddress.Parse("10.1.2.3")], result.PodAddresses("eth0"));
    }

    [Fact]
    public void The_raw_json_is_kept_for_prevResult()
    {
        var result = CniResult.Parse(V100);

        Assert.Contains("\"gw\":\"10.22.0.1\"", result.Json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.300/24"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.3"}]}""")]
    [InlineData("""{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.3/24"}}""")]
    [InlineData("""{"cniVersion":"1.0.0","routes":[{"dst":"nowhere"}]}""")]
    public void Malformed_results_are_rejected(string json) =>
        Assert.Throws<FormatException>(() => CniResult.Parse(json));

    [Fact]
    public void A_pod_without_addresses_has_an_empty_ip()
    {
        Assert.Equal("", PodNetworkStatus.None.Ip);
        Assert.Empty(PodNetworkStatus.None.AdditionalIps);
    }
}
