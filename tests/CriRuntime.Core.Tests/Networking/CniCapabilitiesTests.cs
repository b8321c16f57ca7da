using System.Net;
using System.Text.Json.Nodes;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Networking.Cni;
using Xunit;

namespace CriRuntime.Core.Tests.Networking;

public sealed class CniCapabilitiesTests
{
    private static PodNetworkRequest Pod(Action<Dictionary<string, string>>? annotations = null)
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal);
        annotations?.Invoke(a);
        return new PodNetworkRequest
        {
            SandboxId = "s1",
            NetnsPath = "/n",
            PodNamespace = "ns",
            PodName = "p",
            PodUid = "u",
            PortMappings =
            [
                new PortMapping(80, 8080),
                new PortMapping(53, 5353, PortProtocol.Udp, "127.0.0.1"),
                new PortMapping(9090, 0),
            ],
            Dns = new PodDnsConfig(["10.96.0.10"], ["ns.svc.cluster.local"], ["ndots:5"]),
            Annotations = a,
        };
    }

    [Fact]
    public void Port_mappings_with_a_host_port_dns_and_ranges_become_arguments()
    {
        var args = CniCapabilities.ForPod(Pod(), [IPNetwork.Parse("10.244.1.0/24"), IPNetwork.Parse("fd00:10:244:1::/64")]);

        Assert.Equal(
            """[{"hostPort":8080,"containerPort":80,"protocol":"tcp"},{"hostPort":5353,"containerPort":53,"protocol":"udp","hostIP":"127.0.0.1"}]""",
            args["portMappings"]!.ToJsonString());
        Assert.Equal("""{"servers":["10.96.0.10"],"searches":["ns.svc.cluster.local"],"options":["ndots:5"]}""", args["dns"]!.ToJsonString());
        Assert.Equal("""[[{"subnet":"10.244.1.0/24"}],[{"subnet":"fd00:10:244:1::/64"}]]""", args["ipRanges"]!.ToJsonString());
        Assert.Null(args["bandwidth"]);
    }

    [Fact]
    public void Bandwidth_annotations_are_bits_per_second()
    {
        var args = CniCapabilities.ForPod(Pod(a =>
        {
            a["kubernetes.io/ingress-bandwidth"] = "10M";
            a["kubernetes.io/egress-bandwidth"] = "1Gi";
        }), []);

        var bw = (JsonObject)args["bandwidth"]!;
        Assert.Equal(10_000_000L, (long)bw["ingressRate"]!);
        Assert.Equal(1L << 30, (long)bw["egressRate"]!);
        Assert.Equal(CniCapabilities.DefaultBurstBits, (long)bw["ingressBurst"]!);
        Assert.Null(args["ipRanges"]);
    }

    [Fact]
    public void A_bad_bandwidth_annotation_is_an_invalid_argument()
    {
        var error = Assert.Throws<CriException>(() => CniCapabilities.ForPod(Pod(a => a["kubernetes.io/ingress-bandwidth"] = "fast"), []));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData("100", 100L)]
    [InlineData("1k", 1000L)]
    [InlineData("1.5M", 1_500_000L)]
    [InlineData("2Ki", 2048L)]
    [InlineData("x", null)]
    public void Quantities_parse(string text, long? expected) => Assert.Equal(expected, CniCapabilities.ParseQuantity(text));

    [Fact]
    public void Each_plugin_gets_only_the_capabilities_it_declares_true()
    {
        var args = CniCapabilities.ForPod(Pod(a => a["kubernetes.io/ingress-bandwidth"] = "1M"), [IPNetwork.Parse("10.244.1.0/24")]);
        var portmap = JsonNode.Parse("""{"type":"portmap","capabilities":{"portMappings":true,"dns":false}}""")!.AsObject();
        var bridge = JsonNode.Parse("""{"type":"bridge","capabilities":{"ipRanges":true,"aliases":true}}""")!.AsObject();
        var plain = JsonNode.Parse("""{"type":"loopback"}""")!.AsObject();

        Assert.Equal(["portMappings"], CniCapabilities.Filter(portmap, args)!.Select(static p => p.Key));
        // "aliases" is declared but the runtime has no value for it: left out.
        Assert.Equal(["ipRanges"], CniCapabilities.Filter(bridge, args)!.Select(static p => p.Key));
        Assert.Null(CniCapabilities.Filter(plain, args));
    }

    [Fact]
    public void A_declared_capability_without_a_value_gives_no_runtime_config()
    {
        var args = CniCapabilities.ForPod(Pod() with { PortMappings = [], Dns = null }, []);
        var portmap = JsonNode.Parse("""{"type":"portmap","capabilities":{"portMappings":true}}""")!.AsObject();

        Assert.Null(CniCapabilities.Filter(portmap, args));
    }
}
