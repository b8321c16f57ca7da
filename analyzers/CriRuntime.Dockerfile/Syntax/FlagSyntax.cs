namespace CriRuntime.Dockerfile;

/// <summary>An instruction flag such as <c>--from=build</c>.</summary>
public sealed class FlagSyntax
{
    internal FlagSyntax(string name, string? value, SyntaxToken token, int valueStart)
    {
        Name = name;
        Value = value;
        Token = token;
        ValueStart = valueStart;
    }

    /// <summary>Lower-case name without the leading dashes.</summary>
    public string Name { get; }

    /// <summary>Unquoted value after '=', or null for a bare flag.</summary>
    public string? Value { get; }

    /// <summary>The whole flag as written.</summary>
    public SyntaxToken Token { get; }

    /// <summary>File offset of the value (just after '='), or the token end for bare flags.</summary>
    public int ValueStart { get; }
}
