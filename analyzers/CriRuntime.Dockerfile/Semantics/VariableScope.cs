using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>Variables visible to an instruction: null value means declared without a value.</summary>
internal sealed class VariableScope
{
    private readonly Dictionary<string, string?> _values;

    public VariableScope()
    {
        _values = new Dictionary<string, string?>(System.StringComparer.Ordinal);
    }

    public VariableScope(VariableScope copy)
    {
        _values = new Dictionary<string, string?>(copy._values, System.StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _values.Keys;

    public bool IsDeclared(string name) => _values.ContainsKey(name);

    public bool TryGet(string name, out string? value) => _values.TryGetValue(name, out value);

    public void Set(string name, string? value) => _values[name] = value;
}
