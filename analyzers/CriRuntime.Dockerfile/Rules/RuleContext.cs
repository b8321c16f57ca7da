using System.Collections.Generic;
using System.Globalization;
using CriRuntime.Dockerfile.Semantics;
using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>What a rule sees (syntax, semantic model, options) and where it reports.</summary>
internal sealed class RuleContext
{
    private static readonly Fix[] NoFixes = new Fix[0];
    private readonly List<Finding> _findings;
    private List<(InstructionSyntax Run, ShellScript Script, StageSyntax Stage)>? _scripts;

    public RuleContext(SemanticModel model, LintOptions options, List<Finding> findings)
    {
        Model = model;
        Options = options;
        _findings = findings;
    }

    public SemanticModel Model { get; }

    public DockerfileSyntax Syntax => Model.Syntax;

    public LintOptions Options { get; }

    public IReadOnlyList<InstructionSyntax> Instructions => Model.Syntax.Instructions;

    public IReadOnlyList<StageSyntax> Stages => Model.Syntax.Stages;

    public void Report(RuleDescriptor rule, int start, int end, params object[] args)
        => ReportWithFixes(rule, start, end, NoFixes, args);

    public void Report(RuleDescriptor rule, SyntaxToken at, params object[] args)
        => ReportWithFixes(rule, at.Start, at.End, NoFixes, args);

    public void ReportWithFixes(RuleDescriptor rule, int start, int end, IReadOnlyList<Fix> fixes, params object[] args)
    {
        var message = args.Length == 0 ? rule.MessageFormat : string.Format(CultureInfo.InvariantCulture, rule.MessageFormat, args);
        _findings.Add(new Finding(rule, rule.DefaultSeverity, message, Syntax.GetSpan(start, end), fixes));
    }

    public Fix[] Fix(string title, int start, int end, string newText)
        => new[] { new Fix(title, new[] { Edit(start, end, newText) }) };

    public TextEdit Edit(int start, int end, string newText) => new(Syntax.GetSpan(start, end), newText);

    /// <summary>RUNs (and ONBUILD RUN triggers) read as POSIX shell scripts, with the stage they are in; collected once per file.</summary>
    public List<(InstructionSyntax Run, ShellScript Script, StageSyntax Stage)> Scripts()
    {
        if (_scripts != null)
        {
            return _scripts;
        }

        _scripts = new List<(InstructionSyntax, ShellScript, StageSyntax)>();
        foreach (var stage in Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword == "RUN" && instr.Info.Script != null)
                {
                    _scripts.Add((instr, instr.Info.Script, stage));
                }
                else if (instr.Trigger?.Keyword == "RUN" && instr.Trigger.Info.Script != null)
                {
                    _scripts.Add((instr.Trigger, instr.Trigger.Info.Script, stage));
                }
            }
        }

        return _scripts;
    }

    /// <summary>Every package-manager invocation of <paramref name="manager"/> in RUN scripts.</summary>
    public IEnumerable<(InstructionSyntax Run, ShellScript Script, PackageInvocation Call)> Calls(string manager)
    {
        foreach (var (run, script, _) in Scripts())
        {
            foreach (var call in script.Packages)
            {
                if (call.Manager == manager)
                {
                    yield return (run, script, call);
                }
            }
        }
    }

    /// <summary>True when the RUN has a BuildKit cache mount on one of <paramref name="targets"/> (or below).</summary>
    public static bool HasCacheMount(InstructionSyntax run, params string[] targets)
    {
        foreach (var flag in run.Flags)
        {
            if (flag.Name != "mount" || flag.Value is null)
            {
                continue;
            }

            var type = SemanticModel.MountOption(flag.Value, "type");
            if (type != "cache" && type != "tmpfs")
            {
                continue;
            }

            var target = SemanticModel.MountOption(flag.Value, "target") ?? SemanticModel.MountOption(flag.Value, "dst") ?? SemanticModel.MountOption(flag.Value, "destination");
            if (target is null)
            {
                continue;
            }

            target = target.TrimEnd('/');
            foreach (var t in targets)
            {
                if (target == t || t.StartsWith(target + "/", System.StringComparison.Ordinal) || target.StartsWith(t + "/", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
