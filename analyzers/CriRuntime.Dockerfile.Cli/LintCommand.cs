using CriRuntime.Dockerfile.Analyzers;
using CriRuntime.Dockerfile.Cli.Formatting;

namespace CriRuntime.Dockerfile.Cli;

/// <summary>The whole program behind <c>Main</c>: parse, resolve inputs, lint each file with its configuration, format.</summary>
internal static class LintCommand
{
    public static int Run(IReadOnlyList<string> args, CliConsole console)
    {
        CliOptions options;
        try
        {
            options = CommandLineParser.Parse(args);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"dockerfile-lint: {e.Message}");
            console.Error.WriteLine("Try 'dockerfile-lint --help'.");
            return ExitCodes.UsageOrIoError;
        }

        if (options.ShowHelp)
        {
            console.Out.WriteLine(HelpText.Usage);
            return ExitCodes.Clean;
        }

        if (options.ShowVersion)
        {
            console.Out.WriteLine($"dockerfile-lint {VersionInfo.Version}");
            return ExitCodes.Clean;
        }

        if (options.ListRules)
        {
            foreach (var rule in DockerfileLinter.Rules)
            {
                console.Out.WriteLine($"{rule.Id}\t{rule.HadolintId ?? "-"}\t{rule.DefaultSeverity.Name()}\t{rule.Category}\t{rule.Title}");
            }

            return ExitCodes.Clean;
        }

        var errors = new List<string>();
        var inputs = InputResolver.Resolve(options.Inputs, console.CurrentDirectory, errors);
        var configs = new ConfigResolver(options);
        var linted = new List<LintedFile>(inputs.Count);
        foreach (var input in inputs)
        {
            LintedFile? file;
            try
            {
                file = LintOne(input, options, configs, console, errors);
            }
            catch (Exception e) when (e is ConfigException or ShellCheckException)
            {
                // A configuration that cannot be applied stops everything: one line per problem naming file, key
                // and problem. So does an external checker that was asked for and cannot run.
                foreach (var line in e.Message.Split('\n'))
                {
                    console.Error.WriteLine($"dockerfile-lint: {line}");
                }
                return ExitCodes.UsageOrIoError;
            }

            if (file is not null)
            {
                linted.Add(file);
            }
        }

        if (options.BaselinePath is not null)
        {
            try
            {
                linted = ApplyBaseline(Path.GetFullPath(options.BaselinePath, console.CurrentDirectory), linted, console);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"dockerfile-lint: {options.BaselinePath}: {IoErrors.Describe(e)}");
                return ExitCodes.UsageOrIoError;
            }
        }

        var failed = linted.Any(f => f.Fails);
        FormatterFactory.Create(options.Format, console.UseColor && !options.NoColor).Write(linted, console.Out);
        foreach (var error in errors)
        {
            console.Error.WriteLine($"dockerfile-lint: {error}");
        }

        return errors.Count > 0 ? ExitCodes.UsageOrIoError : failed ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <exception cref="ConfigException">The file's configuration cannot be read or applied.</exception>
    /// <exception cref="ShellCheckException">--shellcheck was given and shellcheck cannot run.</exception>
    private static LintedFile? LintOne(LintInput input, CliOptions options, ConfigResolver configs, CliConsole console, List<string> errors)
    {
        string text;
        ResolvedConfig config;
        try
        {
            text = input.FullPath is null ? console.In.ReadToEnd() : File.ReadAllText(input.FullPath);
            var directory = input.FullPath is null ? console.CurrentDirectory : Path.GetDirectoryName(input.FullPath)!;
            config = configs.For(directory, console.CurrentDirectory);
            if (input.FullPath is not null && DockerIgnoreOf(input.FullPath) is { } dockerIgnore)
            {
                config = config with { Options = config.Options.With(dockerIgnore: dockerIgnore) };
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{input.DisplayPath}: {IoErrors.Describe(e)}");
            return null;
        }

        var recording = options.BaselinePath is not null && !File.Exists(Path.GetFullPath(options.BaselinePath, console.CurrentDirectory));
        var result = DockerfileLinter.Lint(text, recording ? EveryRuleOn(config.Options) : config.Options);
        var findings = result.Findings.Where(f => f.Severity != Severity.None).ToList();
        if (options.ShellCheck)
        {
            findings.AddRange(ShellCheck.Check(result, config.Options));
            findings.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        }

        var threshold = options.FailureThreshold ?? config.FailureThreshold ?? CliOptions.DefaultThreshold;
        return new LintedFile(input.DisplayPath, findings, input.FullPath, text, threshold);
    }

    /// <summary>
    /// For recording a baseline: rules that are off by default turned on too, so a rule a project enables later
    /// (in <c>.editorconfig</c>, which the analyzer reads and this program does not) finds today's findings recorded.
    /// </summary>
    private static LintOptions EveryRuleOn(LintOptions options)
    {
        var overrides = new Dictionary<string, Severity>(options.SeverityOverrides, StringComparer.OrdinalIgnoreCase);
        foreach (var rule in DockerfileLinter.Rules.Where(r => r.DefaultSeverity == Severity.None || (overrides.TryGetValue(r.Id, out var s) && s == Severity.None)))
        {
            overrides[rule.Id] = Severity.Info;
        }

        return options.With(severityOverrides: overrides);
    }

    /// <summary>
    /// <c>--baseline FILE</c>: a missing file records every finding of this run (and reports none); an existing one
    /// removes the findings it lists, leaving the new ones. Paths in it are relative to its folder.
    /// </summary>
    private static List<LintedFile> ApplyBaseline(string path, List<LintedFile> linted, CliConsole console)
    {
        var directory = Path.GetDirectoryName(path)!;
        string Relative(LintedFile f) => f.FullPath is null ? "-" : Path.GetRelativePath(directory, f.FullPath);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Baseline.Write(linted.Select(f => (Relative(f), f.Text, f.Findings))));
            console.Error.WriteLine($"dockerfile-lint: recorded {linted.Sum(f => f.Findings.Count)} findings in {path}; later runs report only new ones");
            return linted.Select(f => f with { Findings = [] }).ToList();
        }

        var baseline = Baseline.Parse(File.ReadAllText(path));
        return linted.Select(f => f with { Findings = baseline.NewFindings(Relative(f), f.Text, f.Findings) }).ToList();
    }

    /// <summary>BuildKit's choice: <c>&lt;Dockerfile&gt;.dockerignore</c>, else the context's (taken as the Dockerfile's directory).</summary>
    private static string? DockerIgnoreOf(string dockerfile)
    {
        var own = dockerfile + ".dockerignore";
        var context = Path.Combine(Path.GetDirectoryName(dockerfile)!, ".dockerignore");
        return File.Exists(own) ? File.ReadAllText(own) : File.Exists(context) ? File.ReadAllText(context) : null;
    }
}
