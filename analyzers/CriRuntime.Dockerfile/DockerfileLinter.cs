using System.Collections.Generic;
using CriRuntime.Dockerfile.Parsing;
using CriRuntime.Dockerfile.Rules;
using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile;

/// <summary>Entry point: parses a Dockerfile and runs every rule over it. Never throws on any input.</summary>
public static class DockerfileLinter
{
    /// <summary>Every rule, sorted by id.</summary>
    public static IReadOnlyList<RuleDescriptor> Rules => RuleRegistry.Descriptors;

    /// <summary>Our rule ids for an id written as DFxxxx, hadolint's DLxxxx or a BuildKit check name.</summary>
    public static IReadOnlyList<string> ResolveRuleId(string id) => RuleRegistry.Resolve(id ?? string.Empty);

    /// <summary>
    /// True when the options or the file's in-file pragmas (<c># hadolint ignore=SC2086</c> before the instruction, its
    /// stage and global forms) ignore <paramref name="id"/> at <paramref name="offset"/>: for findings of external
    /// checkers (ShellCheck's SC codes), which the linter's own configuration step never sees.
    /// </summary>
    public static bool IsIgnored(LintResult result, string id, int offset, LintOptions? options = null)
    {
        options ??= LintOptions.Default;
        if (ExpandIds(options.Ignored).Contains(id))
        {
            return true;
        }

        var rule = new RuleDescriptor(id, id, "{0}", "External", Severity.Warning, null, string.Empty);
        return Suppressions.Read(result.Syntax, options.DisableIgnorePragmas).IsSuppressed(rule, InstructionAt(result.Syntax, offset));
    }

    /// <summary>The shell scripts of a linted file's RUN instructions, for an external checker (<c>--shellcheck</c>).</summary>
    public static IReadOnlyList<ShellScriptSource> ShellScripts(LintResult result) => ShellScriptSource.Collect(result.Syntax);

    /// <summary>
    /// True for an id that names a rule: ours (DF), hadolint's (DL), a BuildKit check name, or a ShellCheck code
    /// (<c>SC2086</c>, reported by <c>--shellcheck</c> and accepted by hadolint's configuration).
    /// </summary>
    public static bool IsKnownRuleId(string id)
    {
        id = (id ?? string.Empty).Trim();
        if (id.Length == 6 && id.StartsWith("SC", System.StringComparison.OrdinalIgnoreCase) && int.TryParse(id.Substring(2), out _))
        {
            return true;
        }

        var resolved = RuleRegistry.Resolve(id);
        foreach (var rule in RuleRegistry.Descriptors)
        {
            if (string.Equals(rule.Id, resolved[0], System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static LintResult Lint(string text, LintOptions? options = null)
    {
        text ??= string.Empty;
        options ??= LintOptions.Default;
        var raw = new List<Finding>();
        DockerfileSyntax syntax;
        SemanticModel model;
        try
        {
            syntax = DockerfileParser.Parse(text);
            model = SemanticModel.Build(syntax);
        }
        catch (System.Exception ex) when (ex is not System.OutOfMemoryException)
        {
            // A parser bug must not take the analyzer host down: report it and lint nothing else.
            syntax = DockerfileParser.Parse(string.Empty);
            var error = new Finding(DF1000_SyntaxError.Rule, Severity.Error, $"The linter could not read this file: {ex.GetType().Name}: {ex.Message}", syntax.GetSpan(0, 0), new Fix[0]);
            return new LintResult(new[] { error }, syntax);
        }

        var context = new RuleContext(model, options, raw);
        foreach (var rule in RuleRegistry.All)
        {
            try
            {
                rule.Analyze(context);
            }
            catch (System.Exception ex) when (ex is not System.OutOfMemoryException)
            {
                // A rule bug must not hide the other findings; it surfaces as a finding of its own.
                raw.Add(new Finding(rule.Descriptor, Severity.Warning, $"Rule {rule.Descriptor.Id} failed: {ex.GetType().Name}: {ex.Message}", syntax.GetSpan(0, 0), new Fix[0]));
            }
        }

        return new LintResult(Configure(raw, syntax, options), syntax);
    }

    private static List<Finding> Configure(List<Finding> raw, DockerfileSyntax syntax, LintOptions options)
    {
        var suppressions = Suppressions.Read(syntax, options.DisableIgnorePragmas);
        var ignored = ExpandIds(options.Ignored);
        var overrides = new Dictionary<string, Severity>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var pair in options.SeverityOverrides)
        {
            foreach (var id in RuleRegistry.Resolve(pair.Key))
            {
                // An override by our own id wins over one by an alias.
                if (!overrides.ContainsKey(id) || string.Equals(pair.Key, id, System.StringComparison.OrdinalIgnoreCase))
                {
                    overrides[id] = pair.Value;
                }
            }
        }

        var result = new List<Finding>(raw.Count);
        foreach (var finding in raw)
        {
            var rule = finding.Rule;
            if (ignored.Contains(rule.Id) || suppressions.IsSuppressed(rule, InstructionAt(syntax, finding.Span.Start)))
            {
                continue;
            }

            var severity = overrides.TryGetValue(rule.Id, out var s) ? s : rule.DefaultSeverity;
            if (severity == Severity.None)
            {
                continue;
            }

            if (suppressions.BuildKitChecksAreErrors && rule.BuildKitCheck != null && !overrides.ContainsKey(rule.Id))
            {
                severity = Severity.Error;
            }

            result.Add(severity == finding.Severity ? finding : new Finding(rule, severity, finding.Message, finding.Span, finding.Fixes));
        }

        result.Sort(static (a, b) =>
        {
            var c = a.Span.Start.CompareTo(b.Span.Start);
            if (c == 0)
            {
                c = a.Span.Length.CompareTo(b.Span.Length);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        });
        return result;
    }

    private static HashSet<string> ExpandIds(ISet<string> ids)
    {
        var result = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            result.UnionWith(RuleRegistry.Resolve(id));
        }

        return result;
    }

    private static InstructionSyntax? InstructionAt(DockerfileSyntax syntax, int offset)
    {
        var list = syntax.Instructions;
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var instr = list[mid];
            if (offset < instr.Start)
            {
                hi = mid - 1;
            }
            else if (offset > instr.End)
            {
                lo = mid + 1;
            }
            else
            {
                return instr;
            }
        }

        return null;
    }
}
