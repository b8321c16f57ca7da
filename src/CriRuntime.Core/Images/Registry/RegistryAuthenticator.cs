using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// Answers a registry's 401 challenge (the distribution spec's token authentication): a Bearer challenge with a
/// token from its realm (Basic credentials, or the identity token as an OAuth2 refresh token), a Basic challenge
/// with the username and password. Credentials are never given to a mirror; a plain-HTTP realm is refused unless
/// the endpoint is insecure or on loopback.
/// </summary>
internal sealed class RegistryAuthenticator(RegistryHttp http, RegistryCredentials? credentials, TimeSpan stallTimeout)
{
    private const int MaxTokenResponseSize = 1 << 20;

    private readonly RegistryHttp _http = http;
    private readonly RegistryCredentials? _credentials = credentials;
    private readonly TimeSpan _stallTimeout = stallTimeout;

    /// <summary>
    /// The Authorization header that answers an endpoint's 401 <paramref name="challenges"/>; PermissionDenied
    /// when none can be answered. <paramref name="path"/> is the repository on that endpoint, <paramref name="name"/>
    /// how messages name the endpoint.
    /// </summary>
    public async Task<AuthenticationHeaderValue> AuthenticateAsync(
        RegistryEndpointConfig endpoint, string path, string name, IReadOnlyList<AuthChallenge> challenges, CancellationToken cancellationToken)
    {
        var credentials = endpoint.IsMirror ? null : _credentials;
        var bearer = challenges.FirstOrDefault(c => c.IsBearer);
        if (bearer is not null)
        {
            if (credentials?.RegistryToken is { } registryToken)
            {
                throw new CriException(ErrorKind.PermissionDenied, $"{name} refused the registry token given");
            }

            var token = await FetchTokenAsync(endpoint, path, name, bearer, credentials, cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (challenges.Any(c => c.IsBasic))
        {
            if (credentials?.HasBasic != true)
            {
                throw new CriException(ErrorKind.PermissionDenied, $"{name} requires a username and password; none were given");
            }

            var raw = Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}");
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        throw new CriException(ErrorKind.PermissionDenied, $"{name} answered 401 Unauthorized with no usable authentication challenge");
    }

    private async Task<string> FetchTokenAsync(
        RegistryEndpointConfig endpoint, string path, string name, AuthChallenge challenge, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm)
            || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new CriException(ErrorKind.PermissionDenied, $"{name} asks for a token from an invalid realm \"{challenge.Realm}\"");
        }

        if (realm.Scheme == Uri.UriSchemeHttp && !endpoint.Insecure && !RegistryConfigLoader.IsLoopback(realm.Authority))
        {
            throw new CriException(ErrorKind.PermissionDenied, $"{name} asks for a token over plain HTTP ({realm.Authority}); refused");
        }

        var scope = challenge.Scope ?? $"repository:{path}:pull";
        var service = challenge.Service;
        var invoker = _http.For(endpoint);
        using var request = credentials?.IdentityToken is { } refreshToken
            ? RefreshTokenRequest(realm, service, scope, refreshToken)
            : TokenRequest(realm, service, scope, credentials);
        using var response = await RegistrySession.SendWithStallAsync(invoker, request, realm, _stallTimeout, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CriException(
                ErrorKind.PermissionDenied,
                $"token service {realm.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase} for {scope}");
        }

        var body = await RegistrySession.ReadLimitedAsync(response, MaxTokenResponseSize, "token", _stallTimeout, cancellationToken);
        TokenResponse? token;
        try
        {
            token = JsonSerializer.Deserialize(body, ImageJsonContext.Default.TokenResponse);
        }
        catch (JsonException e)
        {
            throw new CriException(ErrorKind.PermissionDenied, $"token service {realm.Authority} sent invalid JSON", e);
        }

        var value = token?.Token ?? token?.AccessToken;
        if (string.IsNullOrEmpty(value) || value.Any(char.IsControl))
        {
            throw new CriException(ErrorKind.PermissionDenied, $"token service {realm.Authority} sent no token");
        }

        return value;
    }

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, string scope, RegistryCredentials? credentials)
    {
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : "");
        if (!string.IsNullOrEmpty(service))
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        query.Append("scope=").Append(Uri.EscapeDataString(scope));
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credentials?.HasBasic == true)
        {
            var raw = Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        return request;
    }

    private static HttpRequestMessage RefreshTokenRequest(Uri realm, string? service, string scope, string refreshToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["scope"] = scope,
            ["client_id"] = "criruntime",
        };
        if (!string.IsNullOrEmpty(service))
        {
            form["service"] = service;
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }
}
