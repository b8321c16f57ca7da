using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CriRuntime.Core.Stores;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// One HTTP handler per TLS setting (CA file, skip-verify), kept for the daemon's lifetime so connections are
/// pooled across pulls. Redirects are never followed by the handler: the session follows them itself, so that
/// the Authorization header never reaches another host.
/// </summary>
public sealed class RegistryHttp : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _invokers = new(StringComparer.Ordinal);
    private readonly TimeSpan _connectTimeout;
    private readonly Func<RegistryEndpointConfig, HttpMessageHandler>? _handlers;
    private readonly IHostFiles _files;

    public RegistryHttp(TimeSpan connectTimeout, IHostFiles files)
    {
        _connectTimeout = connectTimeout;
        _files = files;
    }

    /// <summary>Every endpoint's requests go to the handler <paramref name="handlers"/> gives (an in-process registry in unit tests).</summary>
    internal RegistryHttp(Func<RegistryEndpointConfig, HttpMessageHandler> handlers, IHostFiles files)
    {
        _handlers = handlers;
        _files = files;
    }

    public HttpMessageInvoker For(RegistryEndpointConfig endpoint)
    {
        var caStamp = "";
        if (!string.IsNullOrEmpty(endpoint.CaFile))
        {
            var info = _files.Inspect(endpoint.CaFile);
            caStamp = info.IsFile ? info.LastWriteUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing";
        }

        var key = $"{endpoint.SkipVerify}|{endpoint.CaFile}|{caStamp}";
        return _invokers.GetOrAdd(key, _ => new HttpMessageInvoker(_handlers?.Invoke(endpoint) ?? CreateHandler(endpoint), disposeHandler: _handlers is null));
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }

        _invokers.Clear();
    }

    private SocketsHttpHandler CreateHandler(RegistryEndpointConfig endpoint)
    {
        X509Certificate2Collection? roots = null;
        if (!string.IsNullOrEmpty(endpoint.CaFile))
        {
            roots = [];
            try
            {
                roots.ImportFromPemFile(endpoint.CaFile);
            }
            catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                throw new Errors.CriException(Errors.ErrorKind.FailedPrecondition, $"cannot load CA file {endpoint.CaFile}: {e.Message}", e);
            }
        }

        var skipVerify = endpoint.SkipVerify;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (errors == SslPolicyErrors.None || skipVerify)
                    {
                        return true;
                    }

                    if (roots is null || certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    using var custom = new X509Chain();
                    custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    custom.ChainPolicy.CustomTrustStore.AddRange(roots);
                    custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    if (chain is not null)
                    {
                        foreach (var element in chain.ChainElements)
                        {
                            custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                        }
                    }

                    return custom.Build(new X509Certificate2(certificate));
                },
            },
        };
    }
}
