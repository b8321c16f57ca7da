using System.Text;
using System.Text.Json.Serialization;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Images.Registry;

/// <summary>
/// Credentials for one pull, from the CRI AuthConfig: username and password (or <c>auth</c>, base64 of
/// <c>user:password</c>), an identity token (an OAuth2 refresh token exchanged at the token endpoint),
/// or a registry token (sent as is as the bearer token).
/// </summary>
public sealed record RegistryCredentials
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? IdentityToken { get; init; }

    public string? RegistryToken { get; init; }

    public bool HasBasic => !string.IsNullOrEmpty(Username);

    public static RegistryCredentials? From(string? username, string? password, string? auth, string? identityToken, string? registryToken)
    {
        if (!string.IsNullOrEmpty(auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Trim()));
            }
            catch (FormatException)
            {
                throw new CriException(ErrorKind.InvalidArgument, "auth is not valid base64");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CriException(ErrorKind.InvalidArgument, "auth must be base64 of \"username:password\"");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(identityToken) && string.IsNullOrEmpty(registryToken))
        {
            return null;
        }

        return new RegistryCredentials
        {
            Username = string.IsNullOrEmpty(username) ? null : username,
            Password = password,
            IdentityToken = string.IsNullOrEmpty(identityToken) ? null : identityToken,
            RegistryToken = string.IsNullOrEmpty(registryToken) ? null : registryToken,
        };
    }

    /// <summary>Never prints secrets.</summary>
    public override string ToString() => $"RegistryCredentials {{ Username = {Username} }}";
}

/// <summary>The answer of a token endpoint (Docker's token spec and OAuth2).</summary>
public sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; init; }
}
