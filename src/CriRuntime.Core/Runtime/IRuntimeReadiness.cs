using CriRuntime.Core.Networking;

namespace CriRuntime.Core.Runtime;

/// <summary>Whether containers can be run: the RuntimeReady condition.</summary>
public interface IRuntimeReadiness
{
    ConditionStatus Check();
}
