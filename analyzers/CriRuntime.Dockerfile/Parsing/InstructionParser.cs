using System.Collections.Generic;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Parsing;

/// <summary>Reads one logical line into an instruction: keyword, flags, then arguments in the instruction's own grammar.</summary>
internal sealed class InstructionParser
{
    private readonly char _esc;
    private readonly List<SyntaxError> _errors;

    public InstructionParser(char escape, List<SyntaxError> errors)
    {
        _esc = escape;
        _errors = errors;
    }

    public InstructionSyntax? Parse(LogicalLine line, int start)
    {
        var s = line.Text;
        var len = Words.TrimEnd(s, start, s.Length);
        if (start >= len)
        {
            return null;
        }

        var kwEnd = start;
        while (kwEnd < len && !Words.IsSpace(s[kwEnd]))
        {
            kwEnd++;
        }

        var kwToken = Words.Token(line, start, kwEnd, _esc, false);
        var keyword = kwToken.Text.ToUpperInvariant();
        var instr = new InstructionSyntax(keyword, kwToken, line, line.OriginalStart(start), line.OriginalEnd(start, len));
        instr.LineEnd = instr.End;
        var i = Words.SkipSpaces(s, kwEnd, len);
        if (!Keywords.IsKnown(keyword))
        {
            var suggestion = Keywords.Suggest(keyword);
            Error(suggestion is null ? $"unknown instruction: {kwToken.Text}" : $"unknown instruction: {kwToken.Text} (did you mean {suggestion}?)", kwToken);
            instr.ArgumentsLogicalStart = i;
            instr.ArgumentText = Words.Token(line, i, len, _esc, false);
            return instr;
        }

        if (Keywords.TakesFlags(keyword))
        {
            i = ParseFlags(instr, line, i, len);
        }

        instr.ArgumentsLogicalStart = i;
        instr.ArgumentText = Words.Token(line, i, len, _esc, false);
        var tokens = new List<SyntaxToken>();
        switch (keyword)
        {
            case "FROM":
                Words.Split(line, i, len, _esc, false, tokens);
                instr.Arguments = tokens;
                if (!(tokens.Count == 1 || (tokens.Count == 3 && string.Equals(tokens[1].Text, "AS", System.StringComparison.OrdinalIgnoreCase))))
                {
                    Error("FROM requires either one or three arguments", tokens.Count > 0 ? tokens[tokens.Count - 1] : kwToken);
                }

                break;
            case "RUN":
            case "CMD":
            case "ENTRYPOINT":
                ParseCommand(instr, line, i, len, tokens);
                if (keyword == "RUN" && tokens.Count == 0)
                {
                    Error("RUN requires at least one argument", kwToken);
                }

                break;
            case "SHELL":
                if (!JsonArray.TryParse(line, i, len, tokens))
                {
                    Error("SHELL requires the arguments to be in JSON form", i < len ? instr.ArgumentText : kwToken);
                }
                else if (tokens.Count == 0)
                {
                    Error("SHELL requires at least one argument", kwToken);
                }

                instr.IsExecForm = true;
                instr.Arguments = tokens;
                break;
            case "COPY":
            case "ADD":
                ParseCopy(instr, line, i, len, tokens);
                break;
            case "ENV":
            case "LABEL":
                ParseNameValues(instr, line, i, len, tokens);
                break;
            case "ARG":
                ParseArg(instr, line, i, len, tokens);
                break;
            case "VOLUME":
                if (JsonArray.TryParse(line, i, len, tokens))
                {
                    instr.IsExecForm = true;
                }
                else
                {
                    Words.Split(line, i, len, _esc, true, tokens);
                }

                instr.Arguments = tokens;
                RequireArgument(instr, tokens);
                break;
            case "HEALTHCHECK":
                ParseHealthcheck(instr, line, i, len, tokens);
                break;
            case "ONBUILD":
                if (i >= len)
                {
                    Error("ONBUILD requires at least one argument", kwToken);
                }
                else
                {
                    instr.Trigger = Parse(line, i);
                    if (instr.Trigger != null)
                    {
                        instr.Heredocs = instr.Trigger.Heredocs;
                    }
                }

                break;
            default:
                // EXPOSE, USER, WORKDIR, STOPSIGNAL, MAINTAINER.
                Words.Split(line, i, len, _esc, true, tokens);
                instr.Arguments = tokens;
                RequireArgument(instr, tokens);
                break;
        }

        return instr;
    }

    private void RequireArgument(InstructionSyntax instr, List<SyntaxToken> tokens)
    {
        if (tokens.Count == 0)
        {
            Error($"{instr.Keyword} requires at least one argument", instr.KeywordToken);
        }
    }

    private void Error(string message, SyntaxToken at) => _errors.Add(new SyntaxError(message, at.Start, at.End));

    private int ParseFlags(InstructionSyntax instr, LogicalLine line, int i, int end)
    {
        var s = line.Text;
        List<FlagSyntax>? flags = null;
        while (i + 1 < end && s[i] == '-' && s[i + 1] == '-')
        {
            var e = Words.WordEnd(s, i, end, _esc, true);
            if (e - i == 2)
            {
                i = Words.SkipSpaces(s, e, end);
                break;
            }

            var token = Words.Token(line, i, e, _esc, true);
            var body = token.Value.Substring(2);
            var eq = body.IndexOf('=');
            var name = (eq < 0 ? body : body.Substring(0, eq)).ToLowerInvariant();
            var value = eq < 0 ? null : body.Substring(eq + 1);
            var rawEq = s.IndexOf('=', i, e - i);
            var valueStart = rawEq < 0 ? token.End : line.OriginalEnd(i, rawEq + 1);
            if (!Keywords.IsKnownFlag(instr.Keyword, name))
            {
                Error($"unknown flag: --{name}", token);
            }

            (flags ??= new List<FlagSyntax>()).Add(new FlagSyntax(name, value, token, valueStart));
            i = Words.SkipSpaces(s, e, end);
        }

        if (flags != null)
        {
            instr.Flags = flags;
        }

        return i;
    }

    private void ParseCommand(InstructionSyntax instr, LogicalLine line, int i, int end, List<SyntaxToken> tokens)
    {
        if (i < end && line.Text[i] == '[')
        {
            if (JsonArray.TryParse(line, i, end, tokens))
            {
                instr.IsExecForm = true;
                instr.Arguments = tokens;
                return;
            }

            if (JsonValidator.IsValid(line.Text, i, end))
            {
                Error("When using JSON array syntax, arrays must be comprised of strings only", instr.ArgumentText);
            }
        }

        if (i < end)
        {
            tokens.Add(instr.ArgumentText);
            if (instr.Keyword == "RUN")
            {
                instr.Heredocs = HeredocMarkers.Find(line, end);
            }
        }

        instr.Arguments = tokens;
    }

    private void ParseCopy(InstructionSyntax instr, LogicalLine line, int i, int end, List<SyntaxToken> tokens)
    {
        if (i < end && line.Text[i] == '[' && JsonArray.TryParse(line, i, end, tokens))
        {
            instr.IsExecForm = true;
        }
        else
        {
            Words.Split(line, i, end, _esc, false, tokens, unquote: true);
            instr.Heredocs = HeredocMarkers.Find(line, end);
        }

        instr.Arguments = tokens;
        if (tokens.Count < 2)
        {
            Error($"{instr.Keyword} requires at least two arguments, but only {tokens.Count} provided. Destination could not be determined", tokens.Count > 0 ? tokens[0] : instr.KeywordToken);
        }
    }

    private void ParseNameValues(InstructionSyntax instr, LogicalLine line, int i, int end, List<SyntaxToken> words)
    {
        Words.Split(line, i, end, _esc, true, words);
        instr.Arguments = words;
        if (words.Count == 0)
        {
            Error($"{instr.Keyword} requires at least one argument", instr.KeywordToken);
            return;
        }

        var pairs = new List<KeyValueSyntax>(words.Count);
        var first = words[0];
        if (first.Text.IndexOf('=') < 0)
        {
            if (words.Count == 1)
            {
                Error($"{instr.Keyword} must have two arguments", first);
                pairs.Add(new KeyValueSyntax(first, default, false, true, first));
            }
            else
            {
                var value = Words.Token(line, words[1].LogicalStart, end, _esc, true);
                var whole = Words.Token(line, first.LogicalStart, end, _esc, false);
                pairs.Add(new KeyValueSyntax(first, value, true, true, whole));
            }

            instr.Pairs = pairs;
            return;
        }

        foreach (var w in words)
        {
            var eq = w.Text.IndexOf('=');
            if (eq < 0)
            {
                Error($"Syntax error - can't find = in \"{w.Text}\". Must be of the form: name=value", w);
                continue;
            }

            var key = Words.Token(line, w.LogicalStart, w.LogicalStart + eq, _esc, true);
            if (key.Value.Length == 0)
            {
                Error($"{instr.Keyword} names can not be blank", w);
            }

            var value = Words.Token(line, w.LogicalStart + eq + 1, w.LogicalEnd, _esc, true);
            pairs.Add(new KeyValueSyntax(key, value, true, false, w));
        }

        instr.Pairs = pairs;
    }

    private void ParseArg(InstructionSyntax instr, LogicalLine line, int i, int end, List<SyntaxToken> words)
    {
        Words.Split(line, i, end, _esc, true, words);
        instr.Arguments = words;
        if (words.Count == 0)
        {
            Error("ARG requires at least one argument", instr.KeywordToken);
            return;
        }

        var pairs = new List<KeyValueSyntax>(words.Count);
        foreach (var w in words)
        {
            var eq = w.Text.IndexOf('=');
            if (eq < 0)
            {
                pairs.Add(new KeyValueSyntax(w, default, false, false, w));
                continue;
            }

            var key = Words.Token(line, w.LogicalStart, w.LogicalStart + eq, _esc, true);
            if (key.Value.Length == 0)
            {
                Error("ARG names can not be blank", w);
            }

            var value = Words.Token(line, w.LogicalStart + eq + 1, w.LogicalEnd, _esc, true);
            pairs.Add(new KeyValueSyntax(key, value, true, false, w));
        }

        instr.Pairs = pairs;
    }

    private void ParseHealthcheck(InstructionSyntax instr, LogicalLine line, int i, int end, List<SyntaxToken> tokens)
    {
        var s = line.Text;
        if (i >= end)
        {
            Error("HEALTHCHECK requires at least one argument", instr.KeywordToken);
            return;
        }

        var e = Words.WordEnd(s, i, end, _esc, false);
        var type = Words.Token(line, i, e, _esc, false);
        var upper = type.Text.ToUpperInvariant();
        if (upper == "NONE")
        {
            tokens.Add(type);
            instr.Arguments = tokens;
            if (Words.SkipSpaces(s, e, end) < end || instr.Flags.Count > 0)
            {
                Error("HEALTHCHECK NONE takes no arguments", instr.ArgumentText);
            }

            return;
        }

        if (upper != "CMD")
        {
            Error($"Unknown type \"{type.Text}\" in HEALTHCHECK (try CMD)", type);
            return;
        }

        var c = Words.SkipSpaces(s, e, end);
        if (c >= end)
        {
            Error("Missing command after HEALTHCHECK CMD", type);
            return;
        }

        instr.ArgumentsLogicalStart = c;
        instr.ArgumentText = Words.Token(line, c, end, _esc, false);
        ParseCommand(instr, line, c, end, tokens);
    }
}
