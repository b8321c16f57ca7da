using CriRuntime.Core.Configuration;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Networking.Cni;
using CriRuntime.Linux.Cni;
using CriRuntime.Linux.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CriRuntime.Integration.Tests.Networking;

/// <summary>
/// A private test network for the CNI tests: its own bridge name and /24 in 10.250.0.0/16, with no masquerading,
/// and an iptables FORWARD rule that drops anything from the subnet to anywhere outside it, so no test packet ever
/// leaves the machine. Dispose removes the rule and the bridge and restores net.ipv4.ip_forward (the bridge plugin
/// with isGateway turns it on).
/// </summary>
public sealed class CniTestNetwork : IAsyncLifetime
{
    private const string IpForward = "/proc/sys/net/ipv4/ip_forward";
    private const string HostPortChain = "CNI-HOSTPORT-DNAT";
    private string _ipForward = "";
    private string[] _firewallRule = [];
    private bool _hostPortChainExisted;

    public CniTestNetwork()
    {
        var suffix = Random.Shared.Next(0x100000, 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
        Bridge = $"crtit{suffix}";
        var octet = Random.Shared.Next(1, 255);
        SubnetPrefix = $"10.250.{octet}";
        Dir = Directory.CreateTempSubdirectory("criruntime-cni-it-").FullName;
    }

    public string Bridge { get; }

    /// <summary>The first three octets of the test /24.</summary>
    public string SubnetPrefix { get; }

    public string Subnet => $"{SubnetPrefix}.0/24";

    public string Gateway => $"{SubnetPrefix}.1";

    public string Dir { get; }

    public async Task InitializeAsync()
    {
        _ipForward = (await File.ReadAllTextAsync(IpForward)).Trim();
        _hostPortChainExisted = (await HostCommand.RunAsync("iptables", "-t", "nat", "-S", HostPortChain)).ExitCode == 0;
        _firewallRule = ["FORWARD", "-s", Subnet, "!", "-d", Subnet, "-m", "comment", "--comment", $"criruntime test {Bridge}", "-j", "DROP"];
        await HostCommand.CheckAsync("iptables", ["-I", .. _firewallRule]);
    }

    public async Task DisposeAsync()
    {
        await HostCommand.RunAsync("ip", "link", "delete", Bridge);
        await HostCommand.RunAsync("iptables", ["-D", .. _firewallRule]);
        await File.WriteAllTextAsync(IpForward, _ipForward);
        await RemoveHostPortChainAsync();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>
    /// portmap creates its shared CNI-HOSTPORT-DNAT chain (and the jumps to it) once and never removes it; when the tests
    /// created it and it is empty again, they remove it.
    /// </summary>
    private async Task RemoveHostPortChainAsync()
    {
        var (code, rules, _) = await HostCommand.RunAsync("iptables", "-t", "nat", "-S", HostPortChain);
        if (_hostPortChainExisted || code != 0 || rules.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1)
        {
            return;
        }

        foreach (var chain in new[] { "PREROUTING", "OUTPUT" })
        {
            await HostCommand.RunAsync("iptables", "-t", "nat", "-D", chain, "-m", "addrtype", "--dst-type", "LOCAL", "-j", HostPortChain);
        }

        await HostCommand.RunAsync("iptables", "-t", "nat", "-X", HostPortChain);
    }

    /// <summary>The test network list: bridge with gateway and hairpin, host-local in a private dataDir, portmap, loopback.</summary>
    public string ConfList(string name, string ipamDataDir, params string[] extraPlugins) => $$"""
        {
          "cniVersion": "1.0.0",
          "name": "{{name}}",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "{{Bridge}}",
              "isGateway": true,
              "ipMasq": false,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "dataDir": "{{ipamDataDir}}",
                "ranges": [[{ "subnet": "{{Subnet}}", "gateway": "{{Gateway}}" }]]
              }
            },
            {{string.Concat(extraPlugins.Select(static p => p + ","))}}
            { "type": "portmap", "snat": false, "capabilities": { "portMappings": true } },
            { "type": "loopback" }
          ]
        }
        """;

    /// <summary>One test's world: a conf dir with the list, a root for the cache, an IPAM dataDir, extra bin dirs first.</summary>
    public Scenario NewScenario(params string[] extraPlugins)
    {
        var dir = Path.Combine(Dir, "s-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        var scenario = new Scenario(this, dir);
        Directory.CreateDirectory(scenario.ConfDir);
        File.WriteAllText(Path.Combine(scenario.ConfDir, "10-test.conflist"), ConfList(scenario.NetworkName, scenario.IpamDir, extraPlugins));
        return scenario;
    }

    public sealed class Scenario(CniTestNetwork network, string dir)
    {
        public string Dir => dir;

        public string NetworkName { get; } = "crtit-" + Path.GetFileName(dir)[^6..].ToLowerInvariant();

        public string ConfDir => Path.Combine(dir, "net.d");

        public string BinDir => Path.Combine(dir, "bin");

        public string IpamDir => Path.Combine(dir, "ipam");

        public string Root => Path.Combine(dir, "root");

        public CniTestNetwork Network => network;

        public DaemonConfig Config(TimeSpan? timeout = null) => new()
        {
            Root = Root,
            Cni = new CniSection { ConfDir = ConfDir, BinDirs = [BinDir, "/opt/cni/bin", "/usr/lib/cni"], PluginTimeout = timeout ?? TimeSpan.FromSeconds(30) },
        };

        public CniPodNetwork Client(TimeSpan? timeout = null) =>
            CniPodNetwork.Create(Config(timeout), ProcessCniExecutor.Instance, new PodCidrSettings(), NullLogger.Instance, HostFiles.Instance, TimeProvider.System);

        /// <summary>Writes an executable shell-script plugin into the scenario's own bin dir.</summary>
        public void WritePlugin(string name, string script)
        {
            Directory.CreateDirectory(BinDir);
            var path = Path.Combine(BinDir, name);
            File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        /// <summary>Addresses host-local holds for this network (one file per address).</summary>
        public IReadOnlyList<string> Allocations()
        {
            var dir = Path.Combine(IpamDir, NetworkName);
            return Directory.Exists(dir)
                ? [.. Directory.EnumerateFiles(dir).Select(Path.GetFileName).Where(static f => f is not null && f != "lock" && !f.StartsWith("last_reserved_ip", StringComparison.Ordinal))!]
                : [];
        }

        public static PodNetworkRequest Pod(TestNetns netns, params PortMapping[] ports) => new()
        {
            SandboxId = netns.Id,
            NetnsPath = netns.Path,
            PodNamespace = "criruntime-test",
            PodName = "pod-" + netns.Id[..8],
            PodUid = Guid.NewGuid().ToString(),
            PortMappings = ports,
        };
    }
}

[CollectionDefinition(Name)]
public sealed class CniCollection : ICollectionFixture<CniTestNetwork>
{
    public const string Name = "cni";
}
