namespace CriRuntime.Server.Streaming.Spdy;

/// <summary>SPDY/3 control frame types (draft 3, section 2.6) and the flags and codes this server uses.</summary>
internal static class SpdyFrameType
{
    public const ushort Version = 3;
    public const ushort SynStream = 1;
    public const ushort SynReply = 2;
    public const ushort RstStream = 3;
    public const ushort Settings = 4;
    public const ushort Ping = 6;
    public const ushort GoAway = 7;
    public const ushort Headers = 8;
    public const ushort WindowUpdate = 9;

    /// <summary>FLAG_FIN on DATA, SYN_STREAM, SYN_REPLY and HEADERS: the sender's half of the stream is closed.</summary>
    public const byte FlagFin = 0x01;

    /// <summary>RST_STREAM status codes.</summary>
    public const int ProtocolError = 1;
    public const int InvalidStream = 2;
    public const int RefusedStream = 3;
    public const int Cancel = 5;
    public const int FlowControlError = 7;

    /// <summary>GOAWAY status codes.</summary>
    public const int GoAwayOk = 0;
    public const int GoAwayProtocolError = 1;

    /// <summary>The initial per-stream window of SPDY/3.</summary>
    public const int InitialWindow = 64 * 1024;
}
