using CriRuntime.Cli.Tests.Fixtures;
using System.Diagnostics;

namespace CriRuntime.Cli.Tests.Deploy;

/// <summary>Every script an operator runs answers --help with its usage and exit 0, and does nothing else.</summary>
public sealed class ScriptHelpTests
{
    // Sourced by other scripts or run inside the VM guest: not commands of their own.
    private static readonly string[] NotCommands = ["deploy/lib.sh", "conformance/daemon.sh", "conformance/vm/guest.sh"];

    public static TheoryData<string> Scripts()
    {
        var root = RepositoryPaths.Root();
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(root, "*.sh", SearchOption.AllDirectories)
                     .Select(p => Path.GetRelativePath(root, p))
                     .Where(p => !p.Split('/').Any(segment => segment is "bin" or "obj" or "node_modules" || segment.StartsWith('.')))
                     .Where(p => !NotCommands.Contains(p))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Answers_help_with_its_usage_and_exit_0(string script)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root() };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--help");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"{script} --help exited {process.ExitCode}: {await error}");
        var usage = await output;
        Assert.True(usage.Length > 40 && !usage.StartsWith('#'), $"{script} --help printed no usage text:\n{usage}");
    }
}
