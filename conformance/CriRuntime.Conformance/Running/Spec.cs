namespace CriRuntime.Conformance.Running;

/// <summary>One named behaviour of a CRI endpoint, in an area (images, containers, ...).</summary>
internal sealed record Spec(string Area, string Name, Func<SpecContext, Task> Body)
{
    public string FullName => $"[{Area}] {Name}";
}
