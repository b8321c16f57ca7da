using CriRuntime.Core.Errors;
using CriRuntime.Core.Spec;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Sandboxes;

public sealed partial class SandboxManager
{
    /// <summary>
    /// Checks a PortForward request: the sandbox exists and is ready, every port is 1-65535. Returns the sandbox's
    /// full id and its pinned network namespace (null for a pod in host network).
    /// </summary>
    public (string Id, string? NetnsPath) PortForwardTarget(string id, IReadOnlyList<int> ports)
    {
        if (ports.Any(p => p is < 1 or > 65535))
        {
            throw CriException.InvalidArgument($"port {ports.First(p => p is < 1 or > 65535)} is not between 1 and 65535");
        }

        var sandbox = Get(id);
        if (sandbox.State != SandboxState.Ready)
        {
            throw CriException.FailedPrecondition($"sandbox {sandbox.Id} is not ready");
        }

        return (sandbox.Id, sandbox.PinnedNamespaces.GetValueOrDefault(NamespaceTypes.Network));
    }
}
