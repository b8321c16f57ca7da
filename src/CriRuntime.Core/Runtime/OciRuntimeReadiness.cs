using CriRuntime.Core.Configuration;
using CriRuntime.Core.Networking;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Runtime;

/// <summary>RuntimeReady is false while the default handler's OCI runtime binary cannot be found.</summary>
public sealed class OciRuntimeReadiness(DaemonConfig config, IHostFiles files) : IRuntimeReadiness
{
    public const string NotReadyReason = "OCIRuntimeNotFound";

    public ConditionStatus Check()
    {
        var handler = config.Runtime.DefaultHandler;
        if (!config.Runtime.Handlers.TryGetValue(handler, out var runtime))
        {
            return new ConditionStatus(false, NotReadyReason, $"default runtime handler '{handler}' is not configured");
        }

        return ExecutableLookup.Find(runtime.Path, files) is null
            ? new ConditionStatus(false, NotReadyReason, $"OCI runtime '{runtime.Path}' of handler '{handler}' not found")
            : ConditionStatus.Ok;
    }
}
