namespace CriRuntime.Integration.Tests.Networking;

/// <summary>A network namespace made for one test (<c>ip netns add criruntime-test-&lt;id&gt;</c>), deleted by name afterwards.</summary>
public sealed class TestNetns : IAsyncDisposable
{
    private TestNetns(string name) => Name = name;

    public string Name { get; }

    public string Path => $"/run/netns/{Name}";

    /// <summary>A sandbox-like id: hex, like the ids the runtime makes.</summary>
    public string Id => Name["criruntime-test-".Length..];

    public static async Task<TestNetns> CreateAsync()
    {
        var netns = new TestNetns($"criruntime-test-{Guid.NewGuid():N}"[..32]);
        await HostCommand.CheckAsync("ip", "netns", "add", netns.Name);
        return netns;
    }

    public Task<string> ExecAsync(params string[] command) => HostCommand.CheckAsync("ip", ["netns", "exec", Name, .. command]);

    public Task<(int ExitCode, string Stdout, string Stderr)> TryExecAsync(params string[] command) =>
        HostCommand.RunAsync("ip", ["netns", "exec", Name, .. command]);

    public async ValueTask DisposeAsync() => await HostCommand.RunAsync("ip", "netns", "delete", Name);
}
