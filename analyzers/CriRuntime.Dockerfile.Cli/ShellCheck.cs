using System.Diagnostics;
using System.Text.Json;

namespace CriRuntime.Dockerfile.Cli;

/// <summary>
/// <c>--shellcheck</c>: runs Debian's <c>shellcheck</c> on the script of every RUN (and heredoc body run by a shell),
/// with the dialect the RUN runs under, and reports each SC finding at its exact line and column of the Dockerfile
/// (json1 columns count a tab as one character, so a script offset maps back through the script's character map).
/// Variables referenced but not assigned (SC2154) and sources it cannot follow (SC1090, SC1091) are left out: ARG, ENV
/// and the image supply them.
/// </summary>
internal static class ShellCheck
{
    public const string Executable = "shellcheck";

    private const string Excluded = "SC2154,SC1090,SC1091";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Findings of every script of the file, without those the options or the file's pragmas ignore.</summary>
    /// <exception cref="ShellCheckException">shellcheck is missing, fails or prints what is not its json1 output.</exception>
    public static List<Finding> Check(LintResult result, LintOptions options)
    {
        var findings = new List<Finding>();
        foreach (var script in DockerfileLinter.ShellScripts(result))
        {
            foreach (var comment in Run(script))
            {
                var finding = ToFinding(result.Syntax, script, comment);
                if (!DockerfileLinter.IsIgnored(result, finding.Rule.Id, finding.Span.Start, options))
                {
                    findings.Add(finding);
                }
            }
        }

        return findings;
    }

    private static List<JsonElement> Run(ShellScriptSource script)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--format=json1", "--norc", "--shell=" + script.Dialect, "--exclude=" + Excluded, "-" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ShellCheckException("shellcheck could not be started");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ShellCheckException("--shellcheck needs 'shellcheck' on PATH (Debian: apt-get install shellcheck)");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(script.Text);
            process.StandardInput.Close();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new ShellCheckException("shellcheck did not finish in " + Timeout.TotalSeconds + " s");
            }

            // 0: clean, 1: findings; anything else is shellcheck failing.
            if (process.ExitCode is not (0 or 1))
            {
                throw new ShellCheckException($"shellcheck exited with {process.ExitCode}: {stderr.Result.Trim()}");
            }

            try
            {
                using var doc = JsonDocument.Parse(stdout.Result);
                return doc.RootElement.GetProperty("comments").EnumerateArray().Select(c => c.Clone()).ToList();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ShellCheckException("shellcheck printed no json1 report");
            }
        }
    }

    private static Finding ToFinding(DockerfileSyntax syntax, ShellScriptSource script, JsonElement comment)
    {
        var code = "SC" + comment.GetProperty("code").GetInt32();
        var level = comment.GetProperty("level").GetString();
        var severity = level switch
        {
            "error" => Severity.Error,
            "warning" => Severity.Warning,
            "info" => Severity.Info,
            _ => Severity.Style,
        };
        var start = script.FileOffset(OffsetOf(script.Text, comment.GetProperty("line").GetInt32(), comment.GetProperty("column").GetInt32()));
        var end = script.FileOffset(OffsetOf(script.Text, comment.GetProperty("endLine").GetInt32(), comment.GetProperty("endColumn").GetInt32()) - 1) + 1;
        var rule = new RuleDescriptor(code, code, "{0}", "ShellCheck", severity, null, "https://www.shellcheck.net/wiki/" + code);
        return new Finding(rule, severity, comment.GetProperty("message").GetString() ?? code, syntax.GetSpan(start, Math.Max(start, end)), []);
    }

    /// <summary>The script offset of a 1-based line and column.</summary>
    private static int OffsetOf(string text, int line, int column)
    {
        var offset = 0;
        for (var l = 1; l < line && offset >= 0; l++)
        {
            offset = text.IndexOf('\n', offset);
            offset = offset < 0 ? -1 : offset + 1;
        }

        return offset < 0 ? text.Length : Math.Min(offset + column - 1, text.Length);
    }
}

/// <summary>shellcheck could not be run or read.</summary>
internal sealed class ShellCheckException(string message) : Exception(message);
