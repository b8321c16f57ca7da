namespace CriRuntime.Dockerfile.Cli;

/// <summary>The parsed command line.</summary>
internal sealed record CliOptions
{
    public List<string> Inputs { get; init; } = [];

    public OutputFormat Format { get; init; } = OutputFormat.Tty;

    /// <summary>Set by --failure-threshold; otherwise the nearest configuration's, else <see cref="DefaultThreshold"/>.</summary>
    public Severity? FailureThreshold { get; init; }

    /// <summary>An explicit configuration file; it replaces discovery.</summary>
    public string? ConfigPath { get; init; }

    public List<string> Ignored { get; init; } = [];

    public Dictionary<string, Severity> SeverityOverrides { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> TrustedRegistries { get; init; } = [];

    public bool NoColor { get; init; }

    /// <summary><c>--baseline FILE</c>: record findings there, or report only those it does not list.</summary>
    public string? BaselinePath { get; init; }

    /// <summary>Check each RUN's script with shellcheck too (<c>--shellcheck</c>).</summary>
    public bool ShellCheck { get; init; }

    /// <summary>In-file ignore pragmas are not honoured (hadolint's <c>--disable-ignore-pragma</c>).</summary>
    public bool DisableIgnorePragmas { get; init; }

    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }

    public bool ListRules { get; init; }

    /// <summary>hadolint's default: info and above fail, style does not.</summary>
    public const Severity DefaultThreshold = Severity.Info;
}
