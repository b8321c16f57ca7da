using CriRuntime.Dockerfile.Analyzers;

namespace CriRuntime.Dockerfile.Cli;

/// <summary>
/// Finds each file's configuration: <c>--config</c> if given; otherwise every <c>.hadolint.yaml</c>,
/// <c>.hadolint.yml</c> and <c>.dockerfile-lint.yaml</c> from the file's directory up to the filesystem root or the
/// first directory holding <c>.git</c>, farther ones first so nearer ones override. Command-line flags apply last.
/// </summary>
internal sealed class ConfigResolver
{
    private readonly CliOptions _cli;
    private readonly Dictionary<string, ResolvedConfig> _byDirectory = new(StringComparer.Ordinal);
    private ResolvedConfig? _explicit;

    public ConfigResolver(CliOptions cli)
    {
        _cli = cli;
    }

    /// <exception cref="ConfigException">A configuration file could not be read or parsed.</exception>
    public ResolvedConfig For(string directory, string currentDirectory)
    {
        ResolvedConfig config;
        if (_cli.ConfigPath is not null)
        {
            config = _explicit ??= Load(Path.GetFullPath(_cli.ConfigPath, currentDirectory), null);
        }
        else
        {
            config = Discover(directory);
        }

        return ApplyCommandLine(config);
    }

    private ResolvedConfig Discover(string directory)
    {
        if (_byDirectory.TryGetValue(directory, out var cached))
        {
            return cached;
        }

        var parent = Path.GetDirectoryName(directory);
        var inherited = parent is null || IsRepositoryRoot(directory) ? null : Discover(parent);
        var config = inherited;
        foreach (var name in DockerfileFileNames.ConfigNames)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                config = Load(path, config);
            }
        }

        config ??= new ResolvedConfig(new LintOptions(), null);
        _byDirectory[directory] = config;
        return config;
    }

    private static bool IsRepositoryRoot(string directory)
    {
        // A worktree or submodule has a .git file rather than a directory.
        var git = Path.Combine(directory, ".git");
        return Directory.Exists(git) || File.Exists(git);
    }

    private static ResolvedConfig Load(string path, ResolvedConfig? inherited)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: {IoErrors.Describe(e)}", e);
        }

        // A configuration that cannot be applied as written stops the run: silently skipping a key would lint
        // with rules the user believes off (or on).
        var problems = HadolintConfig.Validate(text);
        if (problems.Count > 0)
        {
            throw new ConfigException(string.Join("\n", problems.Select(p => p.Describe(path))), null);
        }

        var options = HadolintConfig.Parse(text, inherited?.Options);
        return new ResolvedConfig(options, HadolintConfig.FailureThreshold(text) ?? inherited?.FailureThreshold);
    }

    private ResolvedConfig ApplyCommandLine(ResolvedConfig config)
    {
        if (_cli.Ignored.Count == 0 && _cli.SeverityOverrides.Count == 0 && _cli.TrustedRegistries.Count == 0 && !_cli.DisableIgnorePragmas)
        {
            return config;
        }

        var ignored = new HashSet<string>(config.Options.Ignored, StringComparer.OrdinalIgnoreCase);
        ignored.UnionWith(_cli.Ignored);
        var overrides = new Dictionary<string, Severity>(config.Options.SeverityOverrides, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, severity) in _cli.SeverityOverrides)
        {
            overrides[id] = severity;
        }

        var trusted = new List<string>(config.Options.TrustedRegistries);
        trusted.AddRange(_cli.TrustedRegistries);
        return config with { Options = config.Options.With(ignored, overrides, trusted, disableIgnorePragmas: _cli.DisableIgnorePragmas || config.Options.DisableIgnorePragmas) };
    }
}
