using CriRuntime.Cli.Tests.Fixtures;

namespace CriRuntime.Cli.Tests.Commands;

[Collection(CliDaemonCollection.Name)]
public sealed class TerminalModeTests(CliDaemon fixture)
{
    /// <summary>
    /// On a terminal, .NET's System.Console writes terminfo's keypad_xmit (ESC[?1h ESC=) when it initialises, and the
    /// user's shell is left in application keypad mode. No command that reads no keys may cause it, with stdout on the
    /// terminal, a pipe or a file.
    /// </summary>
    [Fact]
    public async Task Commands_on_a_terminal_write_no_keypad_mode_string()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-cli-keypad-").FullName;
        try
        {
            var cli = $"{Path.Combine(AppContext.BaseDirectory, "criruntime")} -r {fixture.Endpoint} --config /nonexistent/config.toml";
            var transcript = Path.Combine(dir, "transcript");
            await File.WriteAllTextAsync(Path.Combine(dir, "run.sh"), $"""
                {cli} images
                {cli} images | cat
                {cli} images > {dir}/images.txt
                {cli} ps -a
                {cli} pull {fixture.Image}
                {cli} --help
                {cli} images export no/such:image -o {dir}/never.tar
                """);
            var start = new System.Diagnostics.ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["TERM"] = "xterm-256color";
            foreach (var argument in new[] { "-qec", "sh " + Path.Combine(dir, "run.sh"), transcript })
            {
                start.ArgumentList.Add(argument);
            }

            using var script = System.Diagnostics.Process.Start(start)!;
            script.StandardInput.Close();
            await script.StandardOutput.ReadToEndAsync();
            await script.WaitForExitAsync();
            var output = await File.ReadAllTextAsync(transcript) + await File.ReadAllTextAsync(Path.Combine(dir, "images.txt"));

            Assert.Equal(3, output.Split("IMAGE ID").Length - 1);
            Assert.Contains("Image is up to date for sha256:", output, StringComparison.Ordinal);
            Assert.Contains("Usage:", output, StringComparison.Ordinal);
            Assert.Contains("no/such:image", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[?1h", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b=", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
