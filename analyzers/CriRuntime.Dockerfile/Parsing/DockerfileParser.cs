using System.Collections.Generic;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Parsing;

/// <summary>
/// Turns text into instructions with BuildKit's line rules: parser directives at the top, continuation
/// lines ending in the escape char, comments and blank lines dropped inside continuations, heredoc bodies.
/// Never throws: problems become <see cref="SyntaxError"/>s and parsing continues with the next line.
/// </summary>
internal sealed class DockerfileParser
{
    private readonly string _t;
    private readonly int _n;
    private readonly LogicalLineBuilder _builder = new();
    private readonly List<InstructionSyntax> _instructions = new();
    private readonly List<CommentSyntax> _comments = new();
    private readonly List<SyntaxError> _errors = new();
    private readonly List<ParserDirective> _directives = new();
    private readonly List<int> _emptyContinuations = new();
    private char _escape = '\\';
    private int _pos;

    private DockerfileParser(string text)
    {
        _t = text;
        _n = text.Length;
    }

    public static DockerfileSyntax Parse(string text)
    {
        var parser = new DockerfileParser(text);
        parser.Run();
        var syntax = new DockerfileSyntax(text, parser._escape, parser._directives, parser._instructions, parser._comments, parser._errors, parser._emptyContinuations, new LineMap(text));
        return syntax;
    }

    private void Run()
    {
        if (_n > 0 && _t[0] == '\uFEFF')
        {
            _pos = 1;
        }

        ReadDirectives();
        var instructionParser = new InstructionParser(_escape, _errors);
        while (_pos < _n)
        {
            var lineEnd = ContentEnd(_pos, out var next);
            var i = Words.SkipSpaces(_t, _pos, lineEnd);
            if (i == lineEnd)
            {
                _pos = next;
                continue;
            }

            if (_t[i] == '#')
            {
                AddComment(i, lineEnd);
                _pos = next;
                continue;
            }

            var line = ReadLogicalLine(i);
            var instruction = instructionParser.Parse(line, 0);
            if (instruction is null)
            {
                continue;
            }

            ReadHeredocs(instruction);
            _instructions.Add(instruction);
        }

        if (_instructions.Count == 0)
        {
            _errors.Add(new SyntaxError("file with no instructions", 0, 0));
        }
    }

    /// <summary>End of the line's content (before \r\n or \n); <paramref name="next"/> is the next line's start.</summary>
    private int ContentEnd(int pos, out int next)
    {
        var nl = _t.IndexOf('\n', pos);
        if (nl < 0)
        {
            next = _n;
            nl = _n;
        }
        else
        {
            next = nl + 1;
        }

        return nl > pos && _t[nl - 1] == '\r' ? nl - 1 : nl;
    }

    private void AddComment(int hash, int end)
    {
        var s = Words.SkipSpaces(_t, hash + 1, end);
        var e = Words.TrimEnd(_t, s, end);
        _comments.Add(new CommentSyntax(_t.Substring(s, e - s), hash, end));
    }

    private void ReadDirectives()
    {
        while (_pos < _n)
        {
            var lineEnd = ContentEnd(_pos, out var next);
            var i = Words.SkipSpaces(_t, _pos, lineEnd);
            if (i >= lineEnd || _t[i] != '#' || !TryDirective(i, lineEnd))
            {
                return;
            }

            _pos = next;
        }
    }

    private bool TryDirective(int hash, int end)
    {
        var i = Words.SkipSpaces(_t, hash + 1, end);
        var keyStart = i;
        while (i < end && (char.IsLetterOrDigit(_t[i]) || _t[i] == '_'))
        {
            i++;
        }

        if (i == keyStart || !char.IsLetter(_t[keyStart]))
        {
            return false;
        }

        var key = _t.Substring(keyStart, i - keyStart).ToLowerInvariant();
        i = Words.SkipSpaces(_t, i, end);
        if (i >= end || _t[i] != '=')
        {
            return false;
        }

        if (key != "syntax" && key != "escape" && key != "check")
        {
            return false;
        }

        var valueStart = Words.SkipSpaces(_t, i + 1, end);
        var valueEnd = Words.TrimEnd(_t, valueStart, end);
        var value = _t.Substring(valueStart, valueEnd - valueStart);
        foreach (var d in _directives)
        {
            if (d.Name == key)
            {
                _errors.Add(new SyntaxError($"only one {key} parser directive can be used", hash, end));
                return true;
            }
        }

        if (key == "escape")
        {
            if (value == "`")
            {
                _escape = '`';
            }
            else if (value != "\\")
            {
                _errors.Add(new SyntaxError($"invalid escape token '{value}' does not match ` or \\", valueStart, valueEnd));
            }
        }

        _directives.Add(new ParserDirective(key, value, hash, end, valueStart, valueEnd));
        AddComment(hash, end);
        return true;
    }

    /// <summary>Joins an instruction's physical lines; an odd run of escape chars at the end continues the line.</summary>
    private LogicalLine ReadLogicalLine(int start)
    {
        _builder.Clear();
        var segStart = start;
        var lineEnd = ContentEnd(segStart, out var next);
        while (true)
        {
            var k = lineEnd - 1;
            while (k >= segStart && (_t[k] == ' ' || _t[k] == '\t'))
            {
                k--;
            }

            var escapes = 0;
            for (var j = k; j >= segStart && _t[j] == _escape; j--)
            {
                escapes++;
            }

            var continued = (escapes & 1) == 1;
            _builder.Append(_t, segStart, continued ? k : lineEnd);
            _pos = next;
            if (!continued)
            {
                return _builder.Build(lineEnd);
            }

            var found = false;
            var lastEnd = continued ? k : lineEnd;
            while (_pos < _n)
            {
                var le = ContentEnd(_pos, out var nx);
                var i = Words.SkipSpaces(_t, _pos, le);
                if (i == le)
                {
                    _emptyContinuations.Add(_pos);
                    _pos = nx;
                    continue;
                }

                if (_t[i] == '#')
                {
                    AddComment(i, le);
                    _pos = nx;
                    continue;
                }

                segStart = _pos;
                lineEnd = le;
                next = nx;
                found = true;
                break;
            }

            if (!found)
            {
                // Continuation at end of file: BuildKit accepts it, and still reports the empty lines it read
                // looking for the rest (NoEmptyContinuation).
                return _builder.Build(lastEnd);
            }
        }
    }

    private void ReadHeredocs(InstructionSyntax instruction)
    {
        var target = instruction.Trigger ?? instruction;
        var markers = target.Heredocs;
        if (markers.Count == 0)
        {
            return;
        }

        var bodies = new HeredocSyntax[markers.Count];
        for (var m = 0; m < markers.Count; m++)
        {
            var marker = markers[m];
            var contentStart = _pos;
            var contentEnd = _n;
            var terminated = false;
            while (_pos < _n)
            {
                var le = ContentEnd(_pos, out var next);
                var s = _pos;
                if (marker.StripTabs)
                {
                    while (s < le && _t[s] == '\t')
                    {
                        s++;
                    }
                }

                if (le - s == marker.Name.Length && string.CompareOrdinal(_t, s, marker.Name, 0, marker.Name.Length) == 0)
                {
                    contentEnd = _pos;
                    _pos = next;
                    terminated = true;
                    instruction.End = le;
                    break;
                }

                _pos = next;
            }

            if (!terminated)
            {
                _errors.Add(new SyntaxError($"unterminated heredoc <<{marker.Name}", marker.Marker.Start, marker.Marker.End));
                instruction.End = _n;
            }

            var content = _t.Substring(contentStart, contentEnd - contentStart);
            if (marker.StripTabs)
            {
                content = StripLeadingTabs(content);
            }

            bodies[m] = new HeredocSyntax(marker.Name, marker.StripTabs, marker.Quoted, marker.Marker, content, contentStart, contentEnd, terminated);
        }

        target.Heredocs = bodies;
        instruction.Heredocs = bodies;
    }

    private static string StripLeadingTabs(string content)
    {
        var sb = new System.Text.StringBuilder(content.Length);
        var atLineStart = true;
        foreach (var c in content)
        {
            if (atLineStart && c == '\t')
            {
                continue;
            }

            atLineStart = c == '\n';
            sb.Append(c);
        }

        return sb.ToString();
    }
}
