namespace CriRuntime.Dockerfile.Text;

/// <summary>Reused across instructions of a file to avoid per-line buffers.</summary>
internal sealed class LogicalLineBuilder
{
    private char[] _chars = new char[256];
    private int[] _map = new int[257];
    private int _length;

    public int Length => _length;

    public void Clear() => _length = 0;

    public void Append(string source, int start, int end)
    {
        var count = end - start;
        if (count <= 0)
        {
            return;
        }

        Ensure(_length + count);
        source.CopyTo(start, _chars, _length, count);
        for (var i = 0; i < count; i++)
        {
            _map[_length + i] = start + i;
        }

        _length += count;
    }

    public LogicalLine Build(int endOffset)
    {
        var map = new int[_length + 1];
        System.Array.Copy(_map, map, _length);
        map[_length] = _length > 0 ? _map[_length - 1] + 1 : endOffset;
        return new LogicalLine(new string(_chars, 0, _length), map);
    }

    private void Ensure(int size)
    {
        if (size <= _chars.Length)
        {
            return;
        }

        var n = System.Math.Max(size, _chars.Length * 2);
        System.Array.Resize(ref _chars, n);
        System.Array.Resize(ref _map, n + 1);
    }
}
