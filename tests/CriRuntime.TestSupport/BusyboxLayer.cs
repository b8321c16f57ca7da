using System.Diagnostics;

namespace CriRuntime.TestSupport;

/// <summary>
/// A base layer with Debian's dynamic /bin/busybox, the host libraries ldd names, its applets as hard links,
/// and /etc/passwd and /etc/group with a www-data user.
/// </summary>
public static class BusyboxLayer
{
    public const string Busybox = "/bin/busybox";

    public static bool Available => File.Exists(Busybox);

    public static LayerBuilder Create()
    {
        var layer = new LayerBuilder()
            .Directory("bin")
            .Directory("etc")
            .Directory("tmp", 0x3ff)
            .Directory("root", 0x1c0)
            .Directory("var")
            .Directory("var/www", 0x1ed, 33, 33)
            .HostFile("bin/busybox", Busybox)
            .File("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n")
            .File("etc/group", "root:x:0:\nwww-data:x:33:\nnobody:x:65534:\n");
        var directories = new HashSet<string>(StringComparer.Ordinal) { "bin", "etc", "tmp", "root", "var", "var/www" };
        foreach (var library in Libraries())
        {
            var relative = library.TrimStart('/');
            var parent = Path.GetDirectoryName(relative)!;
            var parts = parent.Split('/');
            for (var i = 1; i <= parts.Length; i++)
            {
                var prefix = string.Join('/', parts[..i]);
                if (directories.Add(prefix))
                {
                    layer.Directory(prefix);
                }
            }

            layer.HostFile(relative, library);
        }

        foreach (var applet in Applets())
        {
            if (applet != "busybox")
            {
                layer.HardLink("bin/" + applet, "bin/busybox");
            }
        }

        return layer;
    }

    private static IEnumerable<string> Libraries()
    {
        foreach (var line in Run("ldd", Busybox).Split('\n'))
        {
            var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            var path = arrow >= 0 ? line[(arrow + 3)..].Split(' ')[0] : line.Trim().Split(' ')[0];
            if (path.StartsWith('/') && File.Exists(path))
            {
                yield return path;
            }
        }
    }

    private static IEnumerable<string> Applets() =>
        Run(Busybox, "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '['));

    private static string Run(string file, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(file, [argument]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
