using System.Collections.Generic;
using System.Text;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Shell;

/// <summary>
/// A POSIX sh reader good enough for linting: splits on <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c>,
/// newlines and subshells; drops redirections and comments; reads <c>sh -c '...'</c> bodies in place.
/// </summary>
internal sealed class ShellParser
{
    private readonly LogicalLine _src;
    private readonly string _s;
    private readonly List<ShellCommand> _commands = new();
    private readonly StringBuilder _value = new();
    private int _lastEnd;
    private readonly List<(int Start, int End)> _substitutions = new();

    private ShellParser(LogicalLine source)
    {
        _src = source;
        _s = source.Text;
    }

    public static ShellScript Parse(LogicalLine source, int start, int end)
    {
        var parser = new ShellParser(source);
        parser.ParseRange(start, end, 0);
        for (var i = 0; i < parser._commands.Count; i++)
        {
            parser._commands[i].Index = i;
        }

        return new ShellScript(source, parser._commands);
    }

    /// <summary>Exec-form RUN: one command whose words are the JSON strings (spans inside the quotes when unescaped).</summary>
    public static ShellScript FromExecForm(LogicalLine source, IReadOnlyList<SyntaxToken> args)
    {
        var words = new List<ShellWord>(args.Count);
        foreach (var arg in args)
        {
            var plain = arg.Text.Length == arg.Value.Length + 2;
            words.Add(plain
                ? new ShellWord(arg.LogicalStart + 1, arg.LogicalEnd - 1, arg.Value, arg.Value)
                : new ShellWord(arg.LogicalStart, arg.LogicalEnd, arg.Text, arg.Value));
        }

        var command = new ShellCommand(words, 0, false) { End = args[args.Count - 1].LogicalEnd };
        Resolve(command);
        var commands = new List<ShellCommand>();
        if (command.NameIndex >= 0)
        {
            commands.Add(command);
        }

        return new ShellScript(source, commands);
    }

    private static bool IsOperatorChar(char c) => c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>' || c == '\n';

    private void ParseRange(int start, int end, int depth)
    {
        var words = new List<ShellWord>();
        ShellCommand? pipedFrom = null;
        var i = start;
        while (i < end)
        {
            var c = _s[i];
            if (c == ' ' || c == '\t' || c == '\r')
            {
                i++;
                continue;
            }

            if (c == '#')
            {
                while (i < end && _s[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '\n' || c == ';')
            {
                Flush(ref words, depth, ref pipedFrom, ShellSeparator.Semicolon);
                i += i + 1 < end && c == ';' && _s[i + 1] == ';' ? 2 : 1;
                continue;
            }

            if (c == '&')
            {
                if (i + 1 < end && _s[i + 1] == '&')
                {
                    Flush(ref words, depth, ref pipedFrom, ShellSeparator.And);
                    i += 2;
                    continue;
                }

                if (i + 1 < end && _s[i + 1] == '>')
                {
                    i = SkipRedirect(i, end);
                    continue;
                }

                Flush(ref words, depth, ref pipedFrom, ShellSeparator.Background);
                i++;
                continue;
            }

            if (c == '|')
            {
                if (i + 1 < end && _s[i + 1] == '|')
                {
                    Flush(ref words, depth, ref pipedFrom, ShellSeparator.Or);
                    i += 2;
                    continue;
                }

                Flush(ref words, depth, ref pipedFrom, ShellSeparator.Pipe);
                i += i + 1 < end && _s[i + 1] == '&' ? 2 : 1;
                continue;
            }

            if (c == '(')
            {
                Flush(ref words, depth, ref pipedFrom, ShellSeparator.None);
                depth++;
                i++;
                continue;
            }

            if (c == ')')
            {
                Flush(ref words, depth, ref pipedFrom, ShellSeparator.None);
                depth = depth > 0 ? depth - 1 : 0;
                i++;
                continue;
            }

            if (c == '<' || c == '>')
            {
                i = SkipRedirect(i, end);
                _lastEnd = i;
                continue;
            }

            var wordEnd = ReadWord(i, end, out var value);
            if (wordEnd < end && (_s[wordEnd] == '<' || _s[wordEnd] == '>') && IsDigits(i, wordEnd))
            {
                // "2>/dev/null": the digits are a file descriptor, not a word.
                i = SkipRedirect(wordEnd, end);
                _lastEnd = i;
                continue;
            }

            words.Add(new ShellWord(i, wordEnd, _s.Substring(i, wordEnd - i), value));
            i = wordEnd;
            _lastEnd = wordEnd;
        }

        Flush(ref words, depth, ref pipedFrom, ShellSeparator.None);
    }

    private bool IsDigits(int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (_s[k] < '0' || _s[k] > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Skips a redirection operator and its target word.</summary>
    private int SkipRedirect(int i, int end)
    {
        while (i < end && (_s[i] == '<' || _s[i] == '>' || _s[i] == '&' || _s[i] == '|' || _s[i] == '-'))
        {
            i++;
        }

        var afterOp = i;
        while (i < end && _s[i] >= '0' && _s[i] <= '9')
        {
            i++;
        }

        if (i > afterOp && _s[afterOp - 1] == '&')
        {
            return i;
        }

        i = afterOp;
        while (i < end && (_s[i] == ' ' || _s[i] == '\t'))
        {
            i++;
        }

        if (i < end && !IsOperatorChar(_s[i]))
        {
            i = ReadWord(i, end, out _);
        }

        return i;
    }

    private int ReadWord(int i, int end, out string value)
    {
        _value.Length = 0;
        while (i < end)
        {
            var c = _s[i];
            if (c == ' ' || c == '\t' || c == '\r' || IsOperatorChar(c))
            {
                break;
            }

            if (c == '\\')
            {
                if (i + 1 < end)
                {
                    if (_s[i + 1] != '\n')
                    {
                        _value.Append(_s[i + 1]);
                    }

                    i += 2;
                    continue;
                }

                i++;
                continue;
            }

            if (c == '\'')
            {
                var close = _s.IndexOf('\'', i + 1, end - i - 1);
                close = close < 0 ? end : close;
                _value.Append(_s, i + 1, close - i - 1);
                i = close < end ? close + 1 : end;
                continue;
            }

            if (c == '"')
            {
                i++;
                while (i < end && _s[i] != '"')
                {
                    if (_s[i] == '\\' && i + 1 < end && (_s[i + 1] == '"' || _s[i + 1] == '\\' || _s[i + 1] == '$' || _s[i + 1] == '`'))
                    {
                        _value.Append(_s[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (_s[i] == '$' && i + 1 < end && _s[i + 1] == '(')
                    {
                        var close = SkipBalanced(i + 1, end);
                        AddSubstitution(i + 2, close - 1);
                        _value.Append(_s, i, close - i);
                        i = close;
                        continue;
                    }

                    _value.Append(_s[i]);
                    i++;
                }

                i = i < end ? i + 1 : end;
                continue;
            }

            if (c == '`')
            {
                var close = _s.IndexOf('`', i + 1, end - i - 1);
                close = close < 0 ? end : close + 1;
                AddSubstitution(i + 1, close - 1);
                _value.Append(_s, i, close - i);
                i = close;
                continue;
            }

            if (c == '$' && i + 1 < end && (_s[i + 1] == '(' || _s[i + 1] == '{'))
            {
                var close = SkipBalanced(i + 1, end);
                if (_s[i + 1] == '(')
                {
                    AddSubstitution(i + 2, close - 1);
                }

                _value.Append(_s, i, close - i);
                i = close;
                continue;
            }

            _value.Append(c);
            i++;
        }

        value = _value.ToString();
        return i;
    }

    /// <summary>Remembers a $(...) or `...` body; it is read as commands once the word holding it is done.</summary>
    private void AddSubstitution(int start, int end)
    {
        // "$((1 + 2))" is arithmetic, not a command.
        if (end > start && _s[start] != '(')
        {
            _substitutions.Add((start, end));
        }
    }

    private void ParseSubstitutions(int depth)
    {
        if (_substitutions.Count == 0)
        {
            return;
        }

        var pending = _substitutions.ToArray();
        _substitutions.Clear();
        foreach (var (start, end) in pending)
        {
            ParseRange(start, end, depth + 1);
        }
    }

    /// <summary>From an opening '(' or '{', the offset just past its match, honouring quotes.</summary>
    private int SkipBalanced(int open, int end)
    {
        var openChar = _s[open];
        var closeChar = openChar == '(' ? ')' : '}';
        var level = 0;
        for (var i = open; i < end; i++)
        {
            var c = _s[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c == '\'')
            {
                var close = _s.IndexOf('\'', i + 1, end - i - 1);
                i = close < 0 ? end : close;
                continue;
            }

            if (c == openChar)
            {
                level++;
            }
            else if (c == closeChar)
            {
                level--;
                if (level == 0)
                {
                    return i + 1;
                }
            }
        }

        return end;
    }

    /// <summary>Ends the current simple command; <paramref name="pipeSource"/> carries a pipe's writer to its reader.</summary>
    private void Flush(ref List<ShellWord> words, int depth, ref ShellCommand? pipeSource, ShellSeparator next)
    {
        if (words.Count == 0)
        {
            if (next == ShellSeparator.Pipe || next == ShellSeparator.And || next == ShellSeparator.Or)
            {
                // "( a | b ) | c": the separator belongs to the command that closed the group.
                var last = _commands.Count > 0 ? _commands[_commands.Count - 1] : null;
                if (last != null && last.Next == ShellSeparator.None)
                {
                    last.Next = next;
                    pipeSource = next == ShellSeparator.Pipe ? last : null;
                }
            }

            _substitutions.Clear();
            return;
        }

        var command = new ShellCommand(words, depth, pipeSource != null) { Next = next, End = _lastEnd, PipeSource = pipeSource };
        Resolve(command);
        words = new List<ShellWord>();
        if (command.NameIndex < 0)
        {
            // Only keywords ("}", "fi", "done") or assignments: nothing runs (but $(...) in an assignment does).
            pipeSource = null;
            ParseSubstitutions(depth);
            return;
        }

        if (pipeSource != null)
        {
            pipeSource.PipeTarget = command;
        }

        pipeSource = next == ShellSeparator.Pipe ? command : null;
        _commands.Add(command);
        ParseInlineScript(command, depth);
        ParseSubstitutions(depth);
    }

    private static void Resolve(ShellCommand command)
    {
        var words = command.Words;
        var k = 0;
        while (k < words.Count)
        {
            var v = words[k].Value;
            switch (v)
            {
                case "if":
                case "then":
                case "else":
                case "elif":
                case "do":
                case "while":
                case "until":
                case "!":
                case "{":
                case "}":
                case "time":
                case "exec":
                case "nohup":
                case "command":
                case "builtin":
                case "fi":
                case "done":
                case "esac":
                    k++;
                    continue;
                case "sudo":
                case "doas":
                case "xargs":
                case "nice":
                case "eatmydata":
                    k++;
                    while (k < words.Count && words[k].Value.StartsWith("-", System.StringComparison.Ordinal))
                    {
                        var flag = words[k].Value;
                        k++;
                        if ((flag == "-u" || flag == "-g" || flag == "-n" || flag == "-I" || flag == "-L" || flag == "-P") && k < words.Count)
                        {
                            k++;
                        }
                    }

                    continue;
                case "env":
                    k++;
                    while (k < words.Count && (words[k].Value.StartsWith("-", System.StringComparison.Ordinal) || IsAssignment(words[k].Value)))
                    {
                        k++;
                    }

                    continue;
            }

            if (IsAssignment(v))
            {
                k++;
                continue;
            }

            break;
        }

        if (k < words.Count)
        {
            command.NameIndex = k;
            var name = words[k].Value;
            var slash = name.LastIndexOf('/');
            command.Name = slash >= 0 ? name.Substring(slash + 1) : name;
        }
    }

    public static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=');
        if (eq <= 0)
        {
            return false;
        }

        for (var i = 0; i < eq; i++)
        {
            var c = word[i];
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>sh -c 'apt-get install x'</c>: reads the body in place when quoting keeps offsets exact.</summary>
    private void ParseInlineScript(ShellCommand command, int depth)
    {
        var name = command.Name;
        if (name != "sh" && name != "bash" && name != "ash" && name != "dash" && name != "zsh")
        {
            return;
        }

        for (var k = command.NameIndex + 1; k + 1 < command.Words.Count; k++)
        {
            var flag = command.Words[k].Value;
            if (flag.Length < 2 || flag[0] != '-' || flag.IndexOf('c') < 0 || flag.StartsWith("--", System.StringComparison.Ordinal))
            {
                continue;
            }

            var body = command.Words[k + 1];
            var raw = body.Raw;
            if (raw.Length >= 2 && (raw[0] == '\'' || raw[0] == '"') && raw[raw.Length - 1] == raw[0] && raw.Length - 2 == body.Value.Length)
            {
                ParseRange(body.Start + 1, body.End - 1, depth + 1);
            }

            return;
        }
    }
}
