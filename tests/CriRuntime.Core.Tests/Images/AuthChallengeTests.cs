using CriRuntime.Core.Images.Registry;

using Xunit;

namespace CriRuntime.Core.Tests.Images;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parses_a_bearer_challenge()
    {
        var challenges = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        var challenge = Assert.Single(challenges);
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/busybox:pull", challenge.Scope);
    }

    [Fact]
    public void Parses_several_challenges_tokens_and_escapes()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"Registry \\\"x\\\"\", Bearer realm=https://a/t , scope=\"repository:a/b:pull,push\"");
        Assert.Equal(2, challenges.Count);
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("Registry \"x\"", challenges[0].Realm);
        Assert.True(challenges[1].IsBearer);
        Assert.Equal("https://a/t", challenges[1].Realm);
        Assert.Equal("repository:a/b:pull,push", challenges[1].Scope);
    }

    [Fact]
    public void Parameter_names_are_case_insensitive_and_schemes_too()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("bearer Realm=\"r\", SERVICE=s"));
        Assert.True(challenge.IsBearer);
        Assert.Equal("r", challenge.Realm);
        Assert.Equal("s", challenge.Service);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("=,=,\"")]
    [InlineData("Bearer realm=\"unterminated")]
    public void Garbage_never_throws(string? header)
    {
        _ = AuthChallenge.Parse(header);
    }

    [Fact]
    public void Credentials_come_from_auth_or_username_and_password()
    {
        var fromAuth = RegistryCredentials.From(null, null, Convert.ToBase64String("user:pa:ss"u8.ToArray()), null, null);
        Assert.Equal("user", fromAuth!.Username);
        Assert.Equal("pa:ss", fromAuth.Password);
        Assert.Null(RegistryCredentials.From("", "", "", "", ""));
        Assert.Equal("tok", RegistryCredentials.From(null, null, null, null, "tok")!.RegistryToken);
        Assert.DoesNotContain("secret", RegistryCredentials.From("u", "secret", null, null, null)!.ToString(), StringComparison.Ordinal);
        Assert.Throws<Errors.CriException>(() => RegistryCredentials.From(null, null, "not base64!", null, null));
    }
}
