namespace CriRuntime.Dockerfile;

/// <summary>One <c>key=value</c> of ENV, LABEL or ARG (or the legacy <c>KEY value</c> form).</summary>
public sealed class KeyValueSyntax
{
    internal KeyValueSyntax(SyntaxToken key, SyntaxToken value, bool hasValue, bool isLegacy, SyntaxToken whole)
    {
        Key = key;
        Value = value;
        HasValue = hasValue;
        IsLegacy = isLegacy;
        Whole = whole;
    }

    public SyntaxToken Key { get; }

    /// <summary>The value token; missing when <see cref="HasValue"/> is false.</summary>
    public SyntaxToken Value { get; }

    public bool HasValue { get; }

    /// <summary>True for the deprecated whitespace-separated <c>ENV KEY value</c> form.</summary>
    public bool IsLegacy { get; }

    public SyntaxToken Whole { get; }
}
