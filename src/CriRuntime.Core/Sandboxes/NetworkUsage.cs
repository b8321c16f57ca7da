using System.Globalization;

namespace CriRuntime.Core.Sandboxes;

/// <summary>The counters of one network interface of a pod, as <c>/proc/net/dev</c> shows them inside its namespace.</summary>
public sealed record InterfaceUsage(string Name, ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDropped, ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDropped)
{
    /// <summary>
    /// Parses <c>/proc/net/dev</c>: two header lines, then <c>NAME: rx bytes packets errs drop fifo frame compressed
    /// multicast, tx bytes packets errs drop fifo colls carrier compressed</c>. Malformed lines are skipped.
    /// </summary>
    public static IReadOnlyList<InterfaceUsage> ParseProcNetDev(string text)
    {
        var result = new List<InterfaceUsage>();
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var numbers = new ulong[fields.Length];
            if (fields.Length < 16 || fields.Where((f, i) => !ulong.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])).Any())
            {
                continue;
            }

            result.Add(new InterfaceUsage(line[..colon].Trim(), numbers[0], numbers[1], numbers[2], numbers[3], numbers[8], numbers[9], numbers[10], numbers[11]));
        }

        return result;
    }
}

/// <summary>Reads the interface counters inside a pinned network namespace; implemented in CriRuntime.Linux.</summary>
public interface INetworkUsageReader
{
    /// <summary>The interfaces of the namespace pinned at <paramref name="netnsPath"/>; null when it cannot be entered.</summary>
    IReadOnlyList<InterfaceUsage>? Read(string netnsPath);
}
