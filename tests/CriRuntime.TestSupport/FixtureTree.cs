namespace CriRuntime.TestSupport;

/// <summary>
/// A temporary directory tree for readers that take their root as an argument (cgroupfs, procfs, sysfs fixtures);
/// removed on dispose. Paths are relative to <see cref="Root"/>.
/// </summary>
public sealed class FixtureTree : IDisposable
{
    private readonly DirectoryInfo _root;

    public FixtureTree(string prefix = "criruntime-fixture-") => _root = System.IO.Directory.CreateTempSubdirectory(prefix);

    public string Root => _root.FullName;

    /// <summary>The absolute path of <paramref name="relative"/>.</summary>
    public string this[string relative] => Path.Combine(Root, relative);

    /// <summary>Writes a file, creating its directories.</summary>
    public FixtureTree File(string relative, string content)
    {
        var path = this[relative];
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Creates a directory and its parents.</summary>
    public FixtureTree Directory(string relative)
    {
        System.IO.Directory.CreateDirectory(this[relative]);
        return this;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
