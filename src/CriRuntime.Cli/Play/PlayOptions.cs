namespace CriRuntime.Cli.Play;

/// <summary>Where play keeps what it makes and how it runs.</summary>
/// <param name="StateDirectory">emptyDir and configMap volumes go under STATE/UID/.</param>
/// <param name="LogDirectory">Pod log directories go under LOGS/NAMESPACE_NAME_UID/, as the kubelet's /var/log/pods.</param>
/// <param name="CgroupParent">The sandboxes' cgroup parent (empty: the runtime's default).</param>
/// <param name="Detach">Start the pods and return instead of watching and restarting their containers.</param>
/// <param name="Backoff">First restart delay; doubles per restart up to 5 minutes, back to the first after 10 minutes of running.</param>
internal sealed record PlayOptions(string StateDirectory, string LogDirectory, string CgroupParent, bool Detach, TimeSpan Backoff);
