using System.Runtime.InteropServices;
using Xunit;

namespace CriRuntime.Integration.Tests.Shim;

[Collection(ShimCollection.Name)]
public sealed partial class PinModeTests(ShimFixture fixture)
{
    private const int MntDetach = 2;

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Umount2(string target, int flags);

    [Fact]
    public void Pins_namespaces_that_nsenter_can_enter_and_unpinning_leaves_no_mount()
    {
        var dir = Path.Combine(fixture.Dir, "pin-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, output) = Commands.Run(fixture.Shim, ["pin", "--dir", dir, "--net", "--ipc", "--uts", "--hostname", "pinned-pod"]);
        try
        {
            Assert.True(code == 0, output);
            foreach (var ns in new[] { "net", "ipc", "uts" })
            {
                Assert.True(File.Exists(Path.Combine(dir, ns)));
                Assert.Contains(MountPoints(), m => m == Path.Combine(dir, ns));
            }

            var links = Commands.Check("nsenter", "--net=" + Path.Combine(dir, "net"), "ip", "-o", "link");
            Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(": lo:", links, StringComparison.Ordinal);
            Assert.Equal("pinned-pod", Commands.Check("nsenter", "--uts=" + Path.Combine(dir, "uts"), "hostname").Trim());
            Assert.NotEqual("pinned-pod", Environment.MachineName);
            Assert.NotEqual(
                Commands.Check("stat", "-L", "-c", "%i", "/proc/self/ns/ipc").Trim(),
                Commands.Check("stat", "-L", "-c", "%i", Path.Combine(dir, "ipc")).Trim());
        }
        finally
        {
            // What the daemon does to unpin.
            foreach (var ns in new[] { "net", "ipc", "uts" })
            {
                _ = Umount2(Path.Combine(dir, ns), MntDetach);
                File.Delete(Path.Combine(dir, ns));
            }
        }

        Assert.DoesNotContain(MountPoints(), m => m.StartsWith(dir, StringComparison.Ordinal));
        Directory.Delete(dir);
    }

    [Fact]
    public void A_failure_undoes_the_pins_already_made()
    {
        var dir = Directory.CreateDirectory(Path.Combine(fixture.Dir, "pin-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(dir, "uts"), "in the way");
        var (code, output) = Commands.Run(fixture.Shim, ["pin", "--dir", dir, "--net", "--ipc", "--uts"]);
        Assert.Equal(1, code);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("uts", output, StringComparison.Ordinal);
        Assert.DoesNotContain(MountPoints(), m => m.StartsWith(dir, StringComparison.Ordinal));
        Assert.Equal(["uts"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Directory.Delete(dir, recursive: true);
    }

    private static List<string> MountPoints() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Select(line => line.Split(' ')[4])];
}
