using System.Globalization;
using System.Text;

namespace CriRuntime.Streaming.Client;

/// <summary>A terminal's size in character cells, as the resize channel carries it (<c>{"Width":W,"Height":H}</c>).</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height)
{
    /// <summary>The resize message's JSON.</summary>
    public byte[] ToJson() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"Width\":{Width},\"Height\":{Height}}}"));
}
