namespace CriRuntime.Dockerfile.Semantics;

/// <summary>A <c>$name</c> or <c>${name...}</c> found while expanding a word; offsets are within the word.</summary>
internal readonly struct VariableReference
{
    public VariableReference(string name, int start, int end, bool hasFallback)
    {
        Name = name;
        Start = start;
        End = end;
        HasFallback = hasFallback;
    }

    public string Name { get; }

    public int Start { get; }

    public int End { get; }

    /// <summary>Forms such as <c>${x:-d}</c> or <c>${x:+d}</c> that are fine when x is unset.</summary>
    public bool HasFallback { get; }
}
