namespace CriRuntime.Core.Spec;

/// <summary>
/// One range of a user namespace's id map (CRI <c>IDMapping</c>, OCI <c>LinuxIDMapping</c>): the container's ids
/// <c>ContainerId .. ContainerId + Length - 1</c> are the host's ids from <c>HostId</c> on.
/// </summary>
public sealed record IdMapping(uint ContainerId, uint HostId, uint Length);
