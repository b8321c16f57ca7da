using System.Runtime.InteropServices;

namespace CriRuntime.Integration.Tests.Shim;

/// <summary>
/// A minimal root filesystem: Debian's dynamic /bin/busybox, the libraries ldd lists, and every applet as a hard
/// link. Containers mount it read-only, so one copy serves every test.
/// </summary>
internal static partial class BusyboxRootfs
{
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string target, string linkPath);

    public static string Create(string dir)
    {
        foreach (var sub in new[] { "bin", "proc", "dev", "sys", "tmp", "etc" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
        }

        var busybox = Path.Combine(dir, "bin", "busybox");
        File.Copy("/bin/busybox", busybox);
        foreach (var line in Commands.Check("ldd", "/bin/busybox").Split('\n'))
        {
            // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
            var library = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(part => part.StartsWith('/'));
            if (library is null)
            {
                continue;
            }

            var target = Path.Combine(dir, library.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(new FileInfo(library).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? library, target, overwrite: true);
        }

        foreach (var applet in Commands.Check(busybox, "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var link = Path.Combine(dir, "bin", applet);
            if (applet != "busybox" && !File.Exists(link))
            {
                if (Link(busybox, link) != 0)
                {
                    throw new IOException($"link {link}: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }

        File.WriteAllText(Path.Combine(dir, "etc", "passwd"), "root:x:0:0:root:/:/bin/sh\n");
        return dir;
    }
}
