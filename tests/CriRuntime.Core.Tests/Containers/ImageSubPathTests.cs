using CriRuntime.Core.Containers;
using CriRuntime.Core.Errors;
using CriRuntime.TestSupport;
using Xunit;

namespace CriRuntime.Core.Tests.Containers;

/// <summary>image_sub_path resolved inside the image volume's root, links followed as if the root were /.</summary>
public sealed class ImageSubPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("criruntime-subpath-").FullName;

    public ImageSubPathTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "usr/share/data"));
        File.WriteAllText(Path.Combine(_root, "usr/share/file"), "f");
        File.CreateSymbolicLink(Path.Combine(_root, "absolute"), "/usr/share");
        File.CreateSymbolicLink(Path.Combine(_root, "usr/relative"), "share/data");
        File.CreateSymbolicLink(Path.Combine(_root, "usr/share/up"), "../../../../../../etc");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("", "")]
    [InlineData("usr/share", "usr/share")]
    [InlineData("./usr//share/", "usr/share")]
    [InlineData("absolute/data", "usr/share/data")]
    [InlineData("usr/relative", "usr/share/data")]
    [InlineData("usr/share/up", "etc")]
    public void Links_resolve_inside_the_root(string subPath, string expected)
    {
        var resolved = ImageSubPath.Resolve(_root, subPath, "/mnt", FakeHostFiles.Shared);

        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.Combine(_root, expected)), resolved);
    }

    [Theory]
    [InlineData("../etc", ErrorKind.InvalidArgument, "must be a relative path")]
    [InlineData("usr/../../x", ErrorKind.InvalidArgument, "must be a relative path")]
    [InlineData("/usr", ErrorKind.InvalidArgument, "must be a relative path")]
    [InlineData("loop", ErrorKind.InvalidArgument, "too many levels of symbolic links")]
    [InlineData("usr/share/file", ErrorKind.InvalidArgument, "is not a directory")]
    [InlineData("missing/dir", ErrorKind.NotFound, "does not exist")]
    [InlineData("usr/share/file/x", ErrorKind.NotFound, "does not exist")]
    public void Escapes_files_loops_and_missing_paths_are_refused_naming_the_field(string subPath, ErrorKind kind, string message)
    {
        var error = Assert.Throws<CriException>(() => ImageSubPath.Resolve(_root, subPath, "/mnt", FakeHostFiles.Shared));

        Assert.Equal(kind, error.Kind);
        Assert.Contains("mount \"/mnt\": image_sub_path", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
