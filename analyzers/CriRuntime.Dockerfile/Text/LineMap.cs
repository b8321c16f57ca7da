using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Text;

/// <summary>Offsets of line starts, computed once per file so spans cost a binary search.</summary>
internal sealed class LineMap
{
    private readonly int[] _starts;
    private readonly int _length;

    public LineMap(string text)
    {
        var starts = new List<int>(64) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _starts = starts.ToArray();
        _length = text.Length;
    }

    public int LineCount => _starts.Length;

    public int LineStart(int line) => _starts[line];

    public int LineOf(int offset)
    {
        if (offset <= 0)
        {
            return 0;
        }

        var lo = 0;
        var hi = _starts.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_starts[mid] <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    public SourceSpan Span(int start, int end)
    {
        if (start < 0)
        {
            start = 0;
        }

        if (start > _length)
        {
            start = _length;
        }

        if (end < start)
        {
            end = start;
        }

        if (end > _length)
        {
            end = _length;
        }

        var startLine = LineOf(start);
        var endLine = end == start ? startLine : LineOf(end);
        return new SourceSpan(start, end - start, startLine, start - _starts[startLine], endLine, end - _starts[endLine]);
    }
}
