using System.Text;
using CriRuntime.Core.Configuration;
using CriRuntime.Core.Stores;
using CriRuntime.Linux.ShimClient;
using CriRuntime.Shim.Exit;
using CriRuntime.ShimContract.Arguments;
using CriRuntime.ShimContract.Control;
using CriRuntime.ShimContract.Exit;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CriRuntime.Linux.Tests.ShimClient;

/// <summary>The daemon-shim contract round-tripped: what one side writes, the other reads back unchanged.</summary>
public sealed class ShimContractTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("criruntime-contract-");

    [Fact]
    public void The_daemon_writes_arguments_the_shim_parses_and_the_shim_writes_an_exit_file_the_daemon_reads()
    {
        var launch = new ShimRunOptions
        {
            Id = "c1", Bundle = "/b", Runtime = "/usr/sbin/runc", RuntimeRoot = "/run/runc", Log = "/l/c1.log",
            ExitFile = Path.Combine(_dir.FullName, "exit"), Socket = "/s/c1.sock", PidFile = "/s/c1.pid",
            Tty = true, StdinOnce = true, SystemdCgroup = true,
        };
        var args = launch.ToArguments();
        Assert.Equal(ShimRunOptions.Command, args[0]);
        Assert.Equal(launch, ShimRunOptions.Parse([.. args.Skip(1)]));

        var pin = new ShimPinOptions { Dir = "/run/p/ns", Net = true, Uts = true, Hostname = "pod-a" };
        Assert.Equal(pin, ShimPinOptions.Parse([.. pin.ToArguments().Skip(1)]));

        // 2023-11-14T22:13:20.1234567Z: the daemon keeps what DateTimeOffset holds (100 ns).
        var host = new ShimHost(new RuntimePaths(new DaemonConfig()), NullLogger<ShimHost>.Instance);
        ExitFile.Write(launch.ExitFile, ExitRecord.FromWaitStatus(9, 1_700_000_000_123_456_789L) with { OomKilled = true });
        var exit = host.ReadExit(launch.ExitFile);
        Assert.Equal(new ContainerExitView(137, 9, true, null, "2023-11-14T22:13:20.1234567+00:00"), View(exit));

        ExitFile.Write(launch.ExitFile, ExitRecord.Failed("runc: exec: \"x\": not found"));
        Assert.Equal((ShimExit.FailedCode, "runc: exec: \"x\": not found"), (host.ReadExit(launch.ExitFile)!.ExitCode, host.ReadExit(launch.ExitFile)!.Error));
        Assert.Null(host.ReadExit(Path.Combine(_dir.FullName, "none")));
    }

    [Theory]
    [InlineData(ControlOp.Reopen)]
    [InlineData(ControlOp.Status)]
    [InlineData(ControlOp.Attach)]
    [InlineData(ControlOp.Resize)]
    public void Every_control_request_the_daemon_writes_is_one_the_shim_parses(ControlOp op)
    {
        var request = new ControlRequest(op) { Stdin = op == ControlOp.Attach, Stderr = op == ControlOp.Attach, Width = op == ControlOp.Resize ? (ushort)120 : (ushort)0, Height = op == ControlOp.Resize ? (ushort)40 : (ushort)0 };
        var line = request.ToLine();
        Assert.Equal((byte)'\n', line[^1]);
        Assert.True(ControlRequest.TryParse(line.AsSpan(0, line.Length - 1), out var parsed, out var error), error);
        Assert.Equal(request, parsed);
        Assert.True(ControlResponse.IsOk(ControlResponse.Status(42, running: true)));
        Assert.False(ControlResponse.IsOk(ControlResponse.Error("no")));
        Assert.Equal((AttachFrame.Stderr, 3), AttachFrame.ReadHeader(AttachFrame.Build(AttachFrame.Stderr, Encoding.UTF8.GetBytes("abc"))));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static ContainerExitView? View(Core.Containers.ContainerExit? exit) =>
        exit is null ? null : new ContainerExitView(exit.ExitCode, exit.Signal, exit.OomKilled, exit.Error, exit.ExitedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private sealed record ContainerExitView(int ExitCode, int Signal, bool OomKilled, string? Error, string ExitedAt);
}
