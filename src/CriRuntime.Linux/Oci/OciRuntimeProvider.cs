using CriRuntime.Core.Configuration;
using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Runtime;
using CriRuntime.Core.Stores;
using Microsoft.Extensions.Logging;

namespace CriRuntime.Linux.Oci;

/// <summary>One <see cref="RuncRuntime"/> per configured handler, created on first use.</summary>
public sealed class OciRuntimeProvider(DaemonConfig config, IHostFiles files, ILogger<RuncRuntime> logger) : IOciRuntimeProvider
{
    private readonly Dictionary<string, IOciRuntime> _runtimes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string DefaultHandler => config.Runtime.DefaultHandler;

    public IOciRuntime Get(string handler)
    {
        if (handler.Length == 0)
        {
            handler = DefaultHandler;
        }

        lock (_lock)
        {
            if (_runtimes.TryGetValue(handler, out var runtime))
            {
                return runtime;
            }

            if (!config.Runtime.Handlers.TryGetValue(handler, out var handlerConfig))
            {
                throw CriException.NotFound($"runtime handler \"{handler}\" is not configured");
            }

            var binary = ExecutableLookup.Find(handlerConfig.Path, files)
                ?? throw new CriException(ErrorKind.FailedPrecondition, $"OCI runtime \"{handlerConfig.Path}\" of handler \"{handler}\" not found");
            var root = handlerConfig.RuntimeRoot.Length > 0 ? handlerConfig.RuntimeRoot : Path.Combine(config.State, "runtime", handler);
            runtime = new RuncRuntime(handler, binary, root, config.Runtime.CgroupDriver == CgroupDriver.Systemd, new RuntimePaths(config).ShimBinary, logger);
            _runtimes[handler] = runtime;
            return runtime;
        }
    }
}
