using System.Text;
using System.Text.Json;
using CriRuntime.Shim.Exit;
using CriRuntime.ShimContract.Exit;
using Xunit;

namespace CriRuntime.Shim.Tests.Exit;

public sealed class ExitFileTests
{
    private const long At = 1_700_000_000_123_456_789L;

    [Fact]
    public void A_normal_exit_has_its_code_and_no_signal()
    {
        var record = ExitRecord.FromWaitStatus(3 << 8, At);
        Assert.Equal(
            "{\"exitCode\":3,\"signal\":0,\"exitedAt\":\"2023-11-14T22:13:20.123456789Z\",\"oomKilled\":false}\n",
            Encoding.UTF8.GetString(ExitFileFormat.Serialize(record)));
    }

    [Fact]
    public void A_signal_death_is_128_plus_the_signal()
    {
        var record = ExitRecord.FromWaitStatus(9, At);
        Assert.Equal(137, record.ExitCode);
        Assert.Equal(9, record.Signal);

        // A core dump sets bit 7 of the status; the signal is still the low seven bits.
        Assert.Equal(11, ExitRecord.FromWaitStatus(0x80 | 11, At).Signal);
    }

    [Fact]
    public void A_failure_before_start_carries_the_error_only()
    {
        using var json = JsonDocument.Parse(ExitFileFormat.Serialize(ExitRecord.Failed("runc: \"bundle\" missing\nsecond line")));
        Assert.Equal(-1, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("runc: \"bundle\" missing\nsecond line", json.RootElement.GetProperty("error").GetString());
        Assert.False(json.RootElement.TryGetProperty("exitedAt", out _));
    }

    [Fact]
    public void Write_replaces_the_file_atomically_and_leaves_no_temporary()
    {
        var dir = Directory.CreateTempSubdirectory("criruntime-shim-exit-");
        try
        {
            var path = Path.Combine(dir.FullName, "exit.json");
            File.WriteAllText(path, "stale");
            ExitFile.Write(path, ExitRecord.FromWaitStatus(0, At));
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            Assert.Equal(0, json.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Equal(["exit.json"], dir.GetFiles().Select(f => f.Name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
