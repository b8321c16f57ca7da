using System.Globalization;

namespace CriRuntime.Conformance.Benchmark;

/// <summary>
/// One process's memory as <c>/proc/PID/smaps_rollup</c> totals it, in KiB: resident (Rss), its proportional share
/// of pages shared with other processes (Pss: the shims' common code counts once across all of them), and the pages
/// only it maps (Private_Clean + Private_Dirty: what one more process adds).
/// </summary>
internal readonly record struct SmapsRollup(long RssKiB, long PssKiB, long PrivateKiB, long AnonymousKiB)
{
    /// <summary>The process's totals, or null when it has exited or is not readable.</summary>
    public static SmapsRollup? Read(int pid)
    {
        try
        {
            long rss = 0, pss = 0, privateKiB = 0, anonymous = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                {
                    continue;
                }

                switch (fields[0])
                {
                    case "Rss:": rss = kib; break;
                    case "Pss:": pss = kib; break;
                    case "Private_Clean:" or "Private_Dirty:": privateKiB += kib; break;
                    case "Anonymous:": anonymous = kib; break;
                }
            }

            return new SmapsRollup(rss, pss, privateKiB, anonymous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The mean of each total over the given processes (zero for none).</summary>
    public static SmapsRollup Mean(IReadOnlyCollection<SmapsRollup> all) => all.Count == 0
        ? default
        : new SmapsRollup(all.Sum(r => r.RssKiB) / all.Count, all.Sum(r => r.PssKiB) / all.Count, all.Sum(r => r.PrivateKiB) / all.Count, all.Sum(r => r.AnonymousKiB) / all.Count);
}
