using CriRuntime.Core.Sandboxes;
using CriRuntime.Core.Stores;
using Xunit;

namespace CriRuntime.Core.Tests.Sandboxes;

public sealed class ResolvConfTests
{
    [Fact]
    public void Dns_config_becomes_search_nameserver_and_options_lines()
    {
        var text = SandboxManager.ResolvConf(new SandboxRequest
        {
            Name = "p",
            DnsServers = ["10.96.0.10", "10.96.0.11"],
            DnsSearches = ["ns.svc.cluster.local", "svc.cluster.local"],
            DnsOptions = ["ndots:5"],
        });

        Assert.Equal("search ns.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\nnameserver 10.96.0.11\noptions ndots:5\n", text);
    }

    [Fact]
    public void No_dns_config_means_the_hosts_file() => Assert.Null(SandboxManager.ResolvConf(new SandboxRequest { Name = "p" }));
}
