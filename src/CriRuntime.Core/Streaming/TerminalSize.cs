namespace CriRuntime.Core.Streaming;

/// <summary>A terminal's size in character cells, as the Kubernetes resize stream sends it (<c>{"Width":W,"Height":H}</c>).</summary>
public readonly record struct TerminalSize(ushort Width, ushort Height);
