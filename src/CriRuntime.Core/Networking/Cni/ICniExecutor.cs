namespace CriRuntime.Core.Networking.Cni;

/// <summary>
/// One plugin run: the executable, the CNI_* environment, the config on stdin. The Linux project starts a process;
/// unit tests use a recording fake.
/// </summary>
public sealed record CniInvocation(string PluginPath, IReadOnlyDictionary<string, string> Environment, string Stdin, TimeSpan Timeout);

/// <summary>How a plugin run ended. <see cref="TimedOut"/>: it was killed after the timeout (with its children).</summary>
public sealed record CniExecOutcome(int ExitCode, string Stdout, string Stderr, bool TimedOut = false);

public interface ICniExecutor
{
    /// <summary>Runs the plugin to its end or to the timeout; cancellation also kills it.</summary>
    Task<CniExecOutcome> ExecuteAsync(CniInvocation invocation, CancellationToken ct);
}
