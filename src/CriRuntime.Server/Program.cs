using CriRuntime.Server;
using CriRuntime.Server.Configuration;
using CriRuntime.Server.Hosting;

// criruntimed: exit 0 on a clean stop, 1 when it must not start (socket in use), 2 on a configuration error.
CommandLine commandLine;
CriRuntime.Core.Configuration.DaemonConfig config;
try
{
    commandLine = CommandLine.Parse(args);
    if (commandLine.ShowHelp)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    if (commandLine.ShowVersion)
    {
        Console.WriteLine($"criruntimed {BuildInfo.Version}");
        return 0;
    }

    config = commandLine.ApplyTo(ConfigFileLoader.Load(commandLine.ConfigPath, CriRuntime.Linux.Files.HostFiles.Instance));
}
catch (ConfigException e)
{
    await Console.Error.WriteLineAsync($"criruntimed: {e.Message}");
    return 2;
}

return await DaemonHost.RunAsync(config);
