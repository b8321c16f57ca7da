using System;

namespace CriRuntime.Dockerfile.Analyzers;

/// <summary>Which file names are Dockerfiles and which are linter configuration.</summary>
internal static class DockerfileFileNames
{
    /// <summary><c>Dockerfile</c>, <c>Containerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c> (and the Containerfile forms), any case.</summary>
    public static bool IsDockerfile(string path)
    {
        var name = FileName(path);
        // BuildKit reads "<name>.dockerignore" beside a Dockerfile; it matches "Dockerfile.*" but is no Dockerfile.
        if (name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return IsBaseName(name, "Dockerfile") || IsBaseName(name, "Containerfile");
    }

    /// <summary>Configuration file names, in the order they apply within one directory: later ones override.</summary>
    public static readonly string[] ConfigNames = { ".hadolint.yaml", ".hadolint.yml", ".dockerfile-lint.yaml" };

    public static bool IsConfig(string path) => ConfigRank(path) >= 0;

    /// <summary>
    /// Files that sit beside Dockerfiles and are never one: linter configuration, <c>.dockerignore</c> and BuildKit's
    /// per-Dockerfile <c>NAME.dockerignore</c>. A glob's matches skip them.
    /// </summary>
    public static bool IsCompanion(string path)
        => IsConfig(path) || FileName(path).EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase);

    /// <summary>The index of the file's name in <see cref="ConfigNames"/>, or -1.</summary>
    public static int ConfigRank(string path)
    {
        var name = FileName(path);
        for (var i = 0; i < ConfigNames.Length; i++)
        {
            if (name.Equals(ConfigNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsBaseName(string name, string baseName)
    {
        return name.Equals(baseName, StringComparison.OrdinalIgnoreCase)
            || (name.Length > baseName.Length + 1 && name.EndsWith("." + baseName, StringComparison.OrdinalIgnoreCase))
            || (name.Length > baseName.Length + 1 && name.StartsWith(baseName + ".", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The name after the last '/' or '\': MSBuild on Windows hands over backslashed paths.</summary>
    private static string FileName(string path)
    {
        return path.Substring(Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1);
    }
}
