using CriRuntime.ShimContract.Control;

namespace CriRuntime.Shim.Control;

/// <summary>Carries out a parsed control request and returns the answer line; receives what attachers type.</summary>
internal interface IControlHandler
{
    byte[] Handle(ControlRequest request);

    /// <summary>Bytes an attacher with stdin sent, for the container's stdin.</summary>
    void AttachInput(ReadOnlySpan<byte> data);

    /// <summary>An attacher left (its connection ended); <paramref name="hadStdin"/> when it was attached to stdin.</summary>
    void Detached(bool hadStdin);
}
