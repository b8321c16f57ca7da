namespace CriRuntime.ShimContract.Arguments;

/// <summary>Walks <c>--flag value</c> and <c>--flag=value</c> arguments; every error names the flag.</summary>
internal sealed class ArgReader
{
    private readonly IReadOnlyList<string> _args;
    private int _next;
    private string? _inlineValue;

    public ArgReader(IReadOnlyList<string> args) => _args = args;

    /// <summary>The next flag name (with its dashes), or null at the end.</summary>
    public string? NextFlag()
    {
        if (_inlineValue is not null)
        {
            throw new ShimArgumentException($"unexpected value for a flag that takes none: {_inlineValue}");
        }

        if (_next >= _args.Count)
        {
            return null;
        }

        var arg = _args[_next++];
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            throw new ShimArgumentException($"unexpected argument \"{arg}\"");
        }

        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return arg;
        }

        _inlineValue = arg[(eq + 1)..];
        return arg[..eq];
    }

    public string Value(string flag)
    {
        if (_inlineValue is { } inline)
        {
            _inlineValue = null;
            return inline;
        }

        if (_next >= _args.Count)
        {
            throw new ShimArgumentException($"{flag} needs a value");
        }

        return _args[_next++];
    }

    public string PathValue(string flag)
    {
        var value = Value(flag);
        if (value.Length == 0)
        {
            throw new ShimArgumentException($"{flag} needs a path");
        }

        return Path.GetFullPath(value);
    }
}
