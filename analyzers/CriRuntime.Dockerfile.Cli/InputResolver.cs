using CriRuntime.Dockerfile.Analyzers;

namespace CriRuntime.Dockerfile.Cli;

/// <summary>Turns the command line's arguments into files: files as given, directories searched, globs expanded.</summary>
internal static class InputResolver
{
    public static List<LintInput> Resolve(IReadOnlyList<string> arguments, string currentDirectory, ICollection<string> errors)
    {
        var inputs = new List<LintInput>();
        // A file named twice (or stdin given twice) is linted once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(LintInput input)
        {
            if (seen.Add(input.FullPath ?? "-"))
            {
                inputs.Add(input);
            }
        }

        if (arguments.Count == 0)
        {
            var dockerfile = Path.Combine(currentDirectory, "Dockerfile");
            if (File.Exists(dockerfile))
            {
                Add(new LintInput("Dockerfile", dockerfile));
            }
            else
            {
                errors.Add("no input: give a file, directory, glob or '-' (there is no ./Dockerfile)");
            }

            return inputs;
        }

        foreach (var argument in arguments)
        {
            if (argument == "-")
            {
                Add(LintInput.StandardInput);
                continue;
            }

            var fullPath = Path.GetFullPath(argument, currentDirectory);
            if (File.Exists(fullPath))
            {
                Add(new LintInput(argument, fullPath));
            }
            else if (Directory.Exists(fullPath))
            {
                foreach (var relative in DockerfilesUnder(fullPath))
                {
                    Add(new LintInput(JoinDisplay(argument, relative), Path.Combine(fullPath, relative)));
                }
            }
            else if (Glob.HasWildcards(argument))
            {
                // 'svc/*' means the Dockerfiles there, not their ignore files or the linter's configuration.
                var matches = Glob.Expand(argument, currentDirectory).Where(m => !DockerfileFileNames.IsCompanion(m.FullPath)).ToList();
                if (matches.Count == 0)
                {
                    errors.Add($"{argument}: no file matches");
                }

                foreach (var (display, path) in matches)
                {
                    Add(new LintInput(display, path));
                }
            }
            else
            {
                errors.Add($"{argument}: no such file or directory");
            }
        }

        return inputs;
    }

    /// <summary>Dockerfiles under a directory, relative to it, in a stable order; hidden directories and node_modules are skipped.</summary>
    public static IEnumerable<string> DockerfilesUnder(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        var found = new List<string>();
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            var absolute = relative.Length == 0 ? directory : Path.Combine(directory, relative);
            string[] files;
            string[] subdirectories;
            try
            {
                files = Directory.GetFiles(absolute);
                subdirectories = Directory.GetDirectories(absolute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                if (DockerfileFileNames.IsDockerfile(file))
                {
                    found.Add(Path.Combine(relative, Path.GetFileName(file)));
                }
            }

            foreach (var subdirectory in subdirectories)
            {
                var name = Path.GetFileName(subdirectory);
                if (!name.StartsWith('.') && name != "node_modules")
                {
                    pending.Push(Path.Combine(relative, name));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static string JoinDisplay(string directoryArgument, string relative)
    {
        return directoryArgument is "." or "./" ? relative : Path.Combine(directoryArgument, relative);
    }
}
