namespace CriRuntime.Dockerfile.Semantics;

/// <summary>A variable an instruction expands that no ARG or ENV in scope declares; offsets are in the file.</summary>
internal sealed class UnresolvedVariable
{
    public UnresolvedVariable(string name, int start, int end, bool hasFallback)
    {
        Name = name;
        Start = start;
        End = end;
        HasFallback = hasFallback;
    }

    public string Name { get; }

    public int Start { get; }

    public int End { get; }

    public bool HasFallback { get; }
}
