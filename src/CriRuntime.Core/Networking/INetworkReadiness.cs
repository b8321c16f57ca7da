namespace CriRuntime.Core.Networking;

/// <summary>Whether pods can be given a network: the NetworkReady condition.</summary>
public interface INetworkReadiness
{
    ConditionStatus Check();
}
