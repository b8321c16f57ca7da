using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CriRuntime.Cli.Output;

/// <summary>Human output in docker's and crictl's habits: borderless tables with upper-case headers, short ids, ages, sizes.</summary>
internal static class Human
{
    /// <summary>Length of an id shown in a table (crictl and docker show 13 and 12).</summary>
    public const int ShortId = 13;

    /// <summary>A borderless table with these headers.</summary>
    public static Table Table(params string[] headers)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = true, Padding = new Padding(0, 0, 3, 0) });
        }

        return table;
    }

    /// <summary>Adds a row of plain text cells (never read as markup: names may hold brackets).</summary>
    public static void Row(Table table, params string[] cells) => table.AddRow([.. cells.Select(static c => (IRenderable)new Text(c))]);

    /// <summary>An id without its algorithm prefix, cut to <see cref="ShortId"/> characters.</summary>
    public static string Short(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var bare = colon >= 0 ? id[(colon + 1)..] : id;
        return bare.Length > ShortId ? bare[..ShortId] : bare;
    }

    /// <summary>"5 seconds ago", "3 minutes ago", "2 hours ago", "4 days ago" from nanoseconds since the epoch.</summary>
    public static string Age(long unixNanos, DateTimeOffset now)
    {
        if (unixNanos <= 0)
        {
            return "";
        }

        var age = now - DateTimeOffset.FromUnixTimeMilliseconds(unixNanos / 1_000_000);
        return age.TotalSeconds < 1 ? "Just now"
            : age.TotalMinutes < 1 ? Plural((int)age.TotalSeconds, "second")
            : age.TotalHours < 1 ? Plural((int)age.TotalMinutes, "minute")
            : age.TotalDays < 2 ? Plural((int)age.TotalHours, "hour")
            : age.TotalDays < 14 ? Plural((int)age.TotalDays, "day")
            : Plural((int)(age.TotalDays / 7), "week");
    }

    /// <summary>Bytes in powers of 1000 as docker writes them: "512B", "4.1kB", "12.3MB", "1.07GB".</summary>
    public static string Size(ulong bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes}B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##}{units[unit]}");
    }

    private static string Plural(int n, string unit) => string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")} ago");
}
