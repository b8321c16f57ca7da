using System.CommandLine;
using CriRuntime.Cli.Output;

namespace CriRuntime.Cli;

/// <summary>Options every command takes (crictl's names where crictl has one).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> RuntimeEndpoint = new("--runtime-endpoint", "-r")
    {
        Description = "CRI endpoint, unix:///path (default: \"listen\" in the config file, else unix:///run/criruntime/criruntime.sock)",
        Recursive = true,
    };

    public static readonly Option<string> Config = new("--config")
    {
        Description = "the daemon's configuration file, read for its socket and registry directory",
        DefaultValueFactory = static _ => CliConfig.DefaultPath,
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "table (default), json or yaml",
        DefaultValueFactory = static _ => OutputFormat.Table,
        Recursive = true,
        CustomParser = static result => result.Tokens.Count == 1 && Enum.TryParse<OutputFormat>(result.Tokens[0].Value, ignoreCase: true, out var f)
            ? f
            : Fail(result),
    };

    public static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "seconds each call may take (streams and pulls excepted)",
        DefaultValueFactory = static _ => 30,
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        root.Options.Add(RuntimeEndpoint);
        root.Options.Add(Config);
        root.Options.Add(Output);
        root.Options.Add(Timeout);
    }

    private static OutputFormat Fail(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"--output must be table, json or yaml, not \"{string.Join(' ', result.Tokens.Select(t => t.Value))}\"");
        return OutputFormat.Table;
    }
}
