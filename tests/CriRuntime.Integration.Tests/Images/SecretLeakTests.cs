using System.Text;
using CriRuntime.Integration.Tests.Daemon;
using CriRuntime.Integration.Tests.Fixtures;
using Grpc.Core;
using Runtime.V1;
using Xunit;

namespace CriRuntime.Integration.Tests.Images;

/// <summary>
/// Registry credentials and tokens never leave the daemon: after failed pulls with every kind of auth the gRPC
/// errors, the daemon's log (at debug level) and its metrics are searched for each secret.
/// </summary>
[Collection(ImageCollection.Name)]
public sealed class SecretLeakTests(TestImages images)
{
    [Fact]
    public async Task Failed_pulls_with_auth_leak_no_credential_into_errors_logs_or_metrics()
    {
        using var proxy = new RegistryProxy(images.Registry.BaseUri) { RequireToken = true, TokenCredentials = ("alice", "right-Password-7f3a") };
        await using var daemon = await DaemonProcess.StartAsync();
        var image = new ImageSpec { Image = $"{proxy.Host}/test/busybox:1.0" };
        var secrets = new List<string> { "right-Password-7f3a" };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:wrong-Password-91c2"));
        var attempts = new (string What, AuthConfig Auth)[]
        {
            ("username and password", new AuthConfig { Username = "alice", Password = "wrong-Password-91c2" }),
            ("auth", new AuthConfig { Auth = basic }),
            ("registry_token", new AuthConfig { RegistryToken = "registry-Token-0d8e" }),
            ("identity_token", new AuthConfig { Username = "alice", IdentityToken = "identity-Token-5b71" }),
            ("auth with a password holding a newline", new AuthConfig { Username = "alice", Password = "line-Secret-44\nforged log line" }),
        };
        secrets.AddRange(["wrong-Password-91c2", basic, "registry-Token-0d8e", "identity-Token-5b71", "line-Secret-44"]);
        var errors = new StringBuilder();
        foreach (var (what, auth) in attempts)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await daemon.Images.PullImageAsync(new PullImageRequest { Image = image, Auth = auth }));
            Assert.True(error.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument, $"{what}: {error.StatusCode} {error.Status.Detail}");
            errors.AppendLine(error.Status.Detail);
        }

        // A pull that authenticates, then fails on the blobs, with the right password in the request.
        proxy.Fault = Fault.ServerErrorOnBlobs;
        var late = await Assert.ThrowsAsync<RpcException>(async () =>
            await daemon.Images.PullImageAsync(new PullImageRequest { Image = image, Auth = new AuthConfig { Username = "alice", Password = "right-Password-7f3a" } }));
        errors.AppendLine(late.Status.Detail);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{daemon.MetricsPort}/metrics"));
        foreach (var (where, text) in new[] { ("gRPC errors", errors.ToString()), ("daemon log", daemon.Output), ("metrics", metrics) })
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the {where} contain the secret \"{secret}\"");
            }
        }

        Assert.Contains("PullImage", daemon.Output, StringComparison.Ordinal);
    }
}
