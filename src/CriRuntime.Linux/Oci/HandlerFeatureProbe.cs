using System.Collections.Frozen;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Spec;
using CriRuntime.Linux.Namespaces;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Linux.Oci;

/// <summary>
/// Runs <c>RUNTIME features</c> once per configured handler (<see cref="ProbeAsync"/>, at start-up) and keeps what
/// each can do. A handler whose binary is missing or has no <c>features</c> command gets every optional feature off,
/// except user namespaces when <paramref name="containerProbe"/> creates a probe container in one (crun before 1.9
/// has no <c>features</c> command but does user namespaces).
/// </summary>
public sealed partial class HandlerFeatureProbe(DaemonConfig config, IOciRuntimeProvider runtimes, ILogger<HandlerFeatureProbe> logger, HandlerProbe? containerProbe = null) : IHandlerFeatures
{
    private volatile FrozenDictionary<string, HandlerFeatures> _features = FrozenDictionary<string, HandlerFeatures>.Empty;

    public HandlerFeatures Get(string handler) =>
        _features.GetValueOrDefault(handler.Length == 0 ? config.Runtime.DefaultHandler : handler) ?? HandlerFeatures.None;

    /// <summary>Probes every configured handler; safe to call again (after a runtime upgrade).</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var kernel = OciFeatures.KernelVersion(KernelRelease());
        var idmap = await IdmapMountProbe.CheckAsync(config.Root, cancellationToken) ?? IdmapMountProbe.UnsearchableAncestor(config.State);
        if (idmap is not null)
        {
            Log.NoIdmapMounts(logger, config.Root, idmap);
        }

        var result = new Dictionary<string, HandlerFeatures>(StringComparer.Ordinal);
        foreach (var handler in config.Runtime.Handlers.Keys)
        {
            string? document = null;
            try
            {
                document = await runtimes.Get(handler).FeaturesAsync(cancellationToken);
            }
            catch (Exception e) when (e is CriException or OciRuntimeException or IOException or TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Log.ProbeFailed(logger, handler, e.Message);
            }

            var features = OciFeatures.Parse(document, kernel) with { HostIdmapMounts = idmap is null };
            if (!features.Probed && await CreatesUserNamespaceAsync(handler, cancellationToken))
            {
                features = features with { Namespaces = new HashSet<string>(StringComparer.Ordinal) { NamespaceTypes.User } };
            }

            result[handler] = features;
            Log.Probed(logger, handler, features.Probed, features.RecursiveReadOnlyMounts, features.UserNamespaces);
        }

        _features = result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private async Task<bool> CreatesUserNamespaceAsync(string handler, CancellationToken cancellationToken) =>
        containerProbe is not null
        && ExecutableLookup.Find(config.Runtime.Handlers[handler].Path, Files.HostFiles.Instance) is { } binary
        && await containerProbe.CreatesUserNamespaceAsync(handler, binary, cancellationToken);

    private static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4701, Level = LogLevel.Information, Message = "Runtime handler {Handler}: features document {Probed}, recursive read-only mounts {Rro}, user namespaces {UserNamespaces}")]
        public static partial void Probed(ILogger logger, string handler, bool probed, bool rro, bool userNamespaces);

        [LoggerMessage(EventId = 4702, Level = LogLevel.Warning, Message = "Runtime handler {Handler} could not be probed for its features: {Error}")]
        public static partial void ProbeFailed(ILogger logger, string handler, string error);

        [LoggerMessage(EventId = 4703, Level = LogLevel.Information, Message = "No pods in user namespaces (root {Root}): {Reason}")]
        public static partial void NoIdmapMounts(ILogger logger, string root, string reason);
    }
}
