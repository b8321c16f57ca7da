namespace CriRuntime.Shim.Control;

/// <summary>The operations of the control socket (docs/shim.md).</summary>
internal enum ControlOp
{
    Reopen,
    Resize,
    Attach,
    Status,
}
