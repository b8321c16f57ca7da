namespace CriRuntime.ShimContract.Control;

/// <summary>The operations of the control socket (docs/shim.md).</summary>
public enum ControlOp
{
    Reopen,
    Resize,
    Attach,
    Status,
}
