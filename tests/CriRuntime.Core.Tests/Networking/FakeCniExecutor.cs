using System.Text.Json.Nodes;
using CriRuntime.Core.Networking.Cni;

namespace CriRuntime.Core.Tests.Networking;

/// <summary>Records every plugin run; answers with a per-plugin handler (default: pass prevResult through, or a fixed result).</summary>
internal sealed class FakeCniExecutor : ICniExecutor
{
    private readonly Lock _lock = new();
    private readonly List<Call> _calls = [];

    public sealed record Call(string Plugin, string Command, IReadOnlyDictionary<string, string> Environment, JsonObject Config);

    public Dictionary<string, Func<Call, CniExecOutcome>> Handlers { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Call> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public static CniExecOutcome Result(string ip, string sandbox = "/run/netns/x") => new(0, $$"""
        {"cniVersion":"1.0.0","interfaces":[{"name":"cni0"},{"name":"eth0","sandbox":"{{sandbox}}"}],
         "ips":[{"interface":1,"address":"{{ip}}/24","gateway":"10.99.0.1"}]}
        """, "");

    public static CniExecOutcome PassThrough(Call call) =>
        new(0, call.Config["prevResult"]?.ToJsonString() ?? """{"cniVersion":"1.0.0"}""", "");

    public Task<CniExecOutcome> ExecuteAsync(CniInvocation invocation, CancellationToken ct)
    {
        var call = new Call(Path.GetFileName(invocation.PluginPath), invocation.Environment["CNI_COMMAND"], invocation.Environment, JsonNode.Parse(invocation.Stdin)!.AsObject());
        lock (_lock)
        {
            _calls.Add(call);
        }

        if (Handlers.TryGetValue($"{call.Plugin}:{call.Command}", out var specific))
        {
            return Task.FromResult(specific(call));
        }

        if (Handlers.TryGetValue(call.Plugin, out var handler))
        {
            return Task.FromResult(handler(call));
        }

        return Task.FromResult(call.Command == "ADD" ? PassThrough(call) : new CniExecOutcome(0, "", ""));
    }
}
