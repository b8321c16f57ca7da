namespace CriRuntime.Server.Streaming;

/// <summary>What a streaming URL was issued for, kept server-side under its token.</summary>
internal abstract record StreamRequest
{
    /// <summary>The metric label: exec, attach or portforward.</summary>
    public abstract string Kind { get; }
}

/// <summary>An Exec call: the command and which streams the client wants.</summary>
internal sealed record ExecStreamRequest(string ContainerId, IReadOnlyList<string> Command, bool Tty, bool Stdin, bool Stdout, bool Stderr) : StreamRequest
{
    public override string Kind => "exec";
}

/// <summary>An Attach call: which streams the client wants.</summary>
internal sealed record AttachStreamRequest(string ContainerId, bool Tty, bool Stdin, bool Stdout, bool Stderr) : StreamRequest
{
    public override string Kind => "attach";
}

/// <summary>A PortForward call: the sandbox and its network namespace (null: host network).</summary>
internal sealed record PortForwardStreamRequest(string SandboxId, string? NetnsPath) : StreamRequest
{
    public override string Kind => "portforward";
}
