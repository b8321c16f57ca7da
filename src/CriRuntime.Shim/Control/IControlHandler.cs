namespace CriRuntime.Shim.Control;

/// <summary>Carries out a parsed control request and returns the answer line.</summary>
internal interface IControlHandler
{
    byte[] Handle(ControlRequest request);
}
