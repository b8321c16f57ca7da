using CriRuntime.Cli;

// criruntime: exit codes are documented in docs/cli.md and ExitCodes.cs.
return await CliApp.RunAsync(args, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected, streams: StandardStreams.Process());
