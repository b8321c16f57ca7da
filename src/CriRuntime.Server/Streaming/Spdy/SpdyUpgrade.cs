using CriRuntime.Core.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace CriRuntime.Server.Streaming.Spdy;

/// <summary>
/// The HTTP/1.1 upgrade to SPDY/3.1 as the Kubernetes streaming packages do it: <c>Connection: Upgrade</c> and
/// <c>Upgrade: SPDY/3.1</c>, the sub-protocol chosen from the client's <c>X-Stream-Protocol-Version</c> headers
/// (first one the server supports; none sent means the legacy unversioned protocol), answered with 101 and the choice.
/// </summary>
internal static class SpdyUpgrade
{
    public const string ProtocolHeader = "X-Stream-Protocol-Version";
    private const string Spdy31 = "SPDY/3.1";

    /// <summary>
    /// Upgrades the connection; null after answering the request itself (400 without upgrade headers, 403 when no
    /// offered sub-protocol is supported).
    /// </summary>
    public static async Task<(Stream Transport, string Protocol)?> TryUpgradeAsync(HttpContext context, IReadOnlyCollection<string> supported, string legacyProtocol)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true }
            || !context.Request.Headers.Upgrade.Any(u => u is not null && u.Contains(Spdy31, StringComparison.OrdinalIgnoreCase)))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "unable to upgrade: missing upgrade headers in request (Connection: Upgrade, Upgrade: SPDY/3.1, or a WebSocket handshake)");
            return null;
        }

        var offered = context.Request.Headers[ProtocolHeader];
        string protocol;
        if (offered.Count == 0)
        {
            protocol = legacyProtocol;
        }
        else if (RemoteCommand.RemoteCommandProtocol.Negotiate(offered!, supported) is { } chosen)
        {
            protocol = chosen;
            context.Response.Headers[ProtocolHeader] = chosen;
        }
        else
        {
            context.Response.Headers[ProtocolHeader] = string.Join(", ", supported);
            await RefuseAsync(context, StatusCodes.Status403Forbidden, $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(", ", offered.ToArray())}], server accepts [{string.Join(", ", supported)}]");
            return null;
        }

        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = Spdy31;
        var transport = await upgrade.UpgradeAsync();
        return (transport, protocol);
    }

    /// <summary>Answers with a status and a one-line text body, counting the refusal.</summary>
    public static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        CriMetrics.StreamRefusals.WithLabels("bad_protocol").Inc();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
