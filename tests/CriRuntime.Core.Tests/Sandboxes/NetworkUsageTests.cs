using CriRuntime.Core.Containers;
using CriRuntime.Core.Sandboxes;
using Xunit;

namespace CriRuntime.Core.Tests.Sandboxes;

public sealed class NetworkUsageTests
{
    [Fact]
    public void Proc_net_dev_gives_receive_and_transmit_counters_per_interface()
    {
        const string text = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     140       2    0    0    0     0          0         0      140       2    0    0    0     0       0          0
              eth0:   90210     321    4    5    0     0          0         1    12345      67    8    9    0     0       0          0
            broken: 1 2 3
            """;

        var interfaces = InterfaceUsage.ParseProcNetDev(text);

        Assert.Equal(["lo", "eth0"], interfaces.Select(i => i.Name));
        Assert.Equal(new InterfaceUsage("eth0", 90210, 321, 4, 5, 12345, 67, 8, 9), interfaces[1]);
    }

    [Fact]
    public void Pressure_files_give_some_and_full_and_a_missing_full_line_stays_null()
    {
        var memory = PressureStall.Parse("some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\nfull avg10=0.10 avg60=0.00 avg300=0.00 total=789\n");
        Assert.Equal(new PressureLine(1.5, 0.25, 0, 123456), memory!.Some);
        Assert.Equal(789UL, memory.Full!.TotalMicros);

        var oldCpu = PressureStall.Parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=42\n");
        Assert.Null(oldCpu!.Full);
        Assert.Null(PressureStall.Parse("garbage\n"));
    }
}
