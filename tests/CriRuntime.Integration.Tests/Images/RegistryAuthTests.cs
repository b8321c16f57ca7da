using System.Text;
using CriRuntime.Core.Errors;
using CriRuntime.Core.Images.Registry;
using CriRuntime.Integration.Tests.Fixtures;
using Xunit;

namespace CriRuntime.Integration.Tests.Images;

[Collection(ImageCollection.Name)]
public sealed class RegistryAuthTests(TestImages images)
{
    [Fact]
    public async Task Bearer_tokens_are_fetched_with_the_credentials_given()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { RequireToken = true, TokenCredentials = ("alice", "s3cret") };
        using var host = new ImageTestHost();
        var anonymous = await Assert.ThrowsAsync<CriException>(() => host.Images.PullAsync($"{proxy.Host}/test/busybox:1.0", null, default));
        Assert.Equal(ErrorKind.PermissionDenied, anonymous.Kind);
        var wrong = await Assert.ThrowsAsync<CriException>(() =>
            host.Images.PullAsync($"{proxy.Host}/test/busybox:1.0", RegistryCredentials.From("alice", "wrong", null, null, null), default));
        Assert.Equal(ErrorKind.PermissionDenied, wrong.Kind);

        var image = await host.Images.PullAsync($"{proxy.Host}/test/busybox:1.0", RegistryCredentials.From("alice", "s3cret", null, null, null), default);
        Assert.Equal(images.BusyboxConfig, image.Id);
        Assert.Contains("repository:test/busybox:pull", proxy.TokenScopes);
    }

    [Fact]
    public async Task The_auth_field_and_registry_tokens_work_too()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { RequireToken = true, TokenCredentials = ("bob", "pw") };
        using var host = new ImageTestHost();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:pw"));
        await host.Images.PullAsync($"{proxy.Host}/test/busybox:1.0", RegistryCredentials.From(null, null, auth, null, null), default);

        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", auth);
        var token = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri($"http://{proxy.Host}/token?scope=x"))).RootElement.GetProperty("token").GetString();
        using var second = new ImageTestHost();
        await second.Images.PullAsync($"{proxy.Host}/test/busybox:1.0", RegistryCredentials.From(null, null, null, null, token), default);
    }

    [Fact]
    public async Task Redirects_to_blob_storage_do_not_carry_the_authorization()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { RequireToken = true, Fault = Fault.RedirectBlobsElsewhere };
        using var host = new ImageTestHost();
        var image = await host.Images.PullAsync($"{proxy.Host}/test/busybox:2.0", null, default);
        Assert.Equal(2, image.Layers.Count);
        Assert.NotEmpty(proxy.StorageAuthorization);
        Assert.All(proxy.StorageAuthorization, header => Assert.Equal("", header));
        Assert.Contains(proxy.Requests, r => r.EndsWith(" Bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Basic_auth_against_an_htpasswd_registry()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("hunter2", workFactor: 4);
        using var registry = await RegistryProcess.StartAsync(htpasswd: $"carol:{hash}\n");
        using (var push = new RegistryPusher(registry.BaseUri, "carol", "hunter2"))
        {
            await push.PushImageAsync("private/busybox", new ImageBuilder().Layer(images.Base), "1");
        }

        using var host = new ImageTestHost();
        var denied = await Assert.ThrowsAsync<CriException>(() => host.Images.PullAsync($"{registry.Host}/private/busybox:1", null, default));
        Assert.Equal(ErrorKind.PermissionDenied, denied.Kind);
        var image = await host.Images.PullAsync($"{registry.Host}/private/busybox:1", RegistryCredentials.From("carol", "hunter2", null, null, null), default);
        Assert.Single(image.Layers);
    }
}
