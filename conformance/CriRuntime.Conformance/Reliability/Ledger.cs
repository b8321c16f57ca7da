namespace CriRuntime.Conformance.Reliability;

/// <summary>
/// What the CRI acknowledged: for each sandbox and container the states it may be in now. A call in flight when the
/// daemon died allows both the old and the new state; an acknowledged call allows only the new one. "removed" means
/// the object must be gone.
/// </summary>
internal sealed class Ledger
{
    public const string Removed = "removed";

    private readonly Dictionary<string, HashSet<string>> _allowed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (_lock)
            {
                return [.. _allowed.Keys];
            }
        }
    }

    /// <summary>Marks a call as sent: until it is acknowledged, the object may be in either state.</summary>
    public void Sent(string id, string next)
    {
        lock (_lock)
        {
            if (!_allowed.TryGetValue(id, out var states))
            {
                _allowed[id] = states = new HashSet<string>(StringComparer.Ordinal) { Removed };
            }

            states.Add(next);
        }
    }

    /// <summary>The call returned: the object is in <paramref name="state"/> only.</summary>
    public void Acknowledged(string id, string state)
    {
        lock (_lock)
        {
            _allowed[id] = new HashSet<string>(StringComparer.Ordinal) { state };
        }
    }

    public IReadOnlySet<string> Allowed(string id)
    {
        lock (_lock)
        {
            return _allowed.TryGetValue(id, out var states) ? new HashSet<string>(states, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal) { Removed };
        }
    }

    /// <summary>After a check: the object is what was observed (a call in flight either happened or not).</summary>
    public void Settle(string id, string observed) => Acknowledged(id, observed);
}
