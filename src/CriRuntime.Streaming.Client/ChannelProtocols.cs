namespace CriRuntime.Streaming.Client;

/// <summary>
/// Names and numbers of the Kubernetes channel protocol over WebSocket (k8s.io/apimachinery httpstream/wsstream and
/// remotecommand): the sub-protocols and the channel each stream uses.
/// </summary>
public static class ChannelProtocols
{
    /// <summary>Remote command with the close signal (channel 255), so stdin can end while output goes on.</summary>
    public const string V5 = "v5.channel.k8s.io";

    /// <summary>Remote command with a metav1.Status on the error channel; also the WebSocket port-forward protocol.</summary>
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>Remote command channels.</summary>
    public const int Stdin = 0;
    public const int Stdout = 1;
    public const int Stderr = 2;
    public const int Error = 3;
    public const int Resize = 4;

    /// <summary>v5's close signal: a message on this channel whose one data byte names the channel the sender finished.</summary>
    public const int CloseSignal = 255;

    /// <summary>Whether a sub-protocol sends text messages (<c>'0' + channel</c>, then base64) instead of binary ones.</summary>
    public static bool IsBase64(string protocol) => protocol.Contains("base64.", StringComparison.Ordinal);

    /// <summary>
    /// One message of <paramref name="channel"/>: the channel byte then the data, or (<paramref name="base64"/>) the
    /// digit <c>'0' + channel</c> then the data in base64, sent as a text message. Used by both ends (the daemon's
    /// streaming server too).
    /// </summary>
    public static byte[] Frame(int channel, ReadOnlySpan<byte> data, bool base64)
    {
        if (base64)
        {
            return System.Text.Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(data));
        }

        var message = new byte[data.Length + 1];
        message[0] = (byte)channel;
        data.CopyTo(message.AsSpan(1));
        return message;
    }

    /// <summary>Whether a sub-protocol has the close signal.</summary>
    public static bool HasCloseSignal(string protocol) => protocol.StartsWith("v5.", StringComparison.Ordinal);
}
