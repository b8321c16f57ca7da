using System.Reflection;
using CriRuntime.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CriRuntime.Server.Tests.Diagnostics;

/// <summary>Log event ids are unique across the daemon's assemblies and each lies in its area's range.</summary>
public sealed class EventIdTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_two_log_events_share_an_id()
    {
        var events = LogEvents();
        Assert.True(events.Count > 50, $"only {events.Count} log events found: the scan misses assemblies");
        var shared = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(shared.Count == 0, "event ids used twice:\n" + string.Join('\n', shared));
    }

    [Fact]
    public void Every_log_event_id_lies_in_its_areas_range()
    {
        var outside = LogEvents().Where(e => !EventIdRanges.All.Any(r => e.Id >= r.First && e.Id <= r.Last)).Select(e => $"{e.Id}: {e.Method}").ToList();
        Assert.True(outside.Count == 0, "ids outside every range of EventIdRanges:\n" + string.Join('\n', outside));
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var ordered = EventIdRanges.All.OrderBy(r => r.First).ToList();
        Assert.All(ordered, r => Assert.True(r.First <= r.Last, r.Area));
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i - 1].Last < ordered[i].First, $"{ordered[i - 1].Area} overlaps {ordered[i].Area}");
        }
    }

    private static List<(int Id, string Method)> LogEvents()
    {
        Assembly[] assemblies = [typeof(EventIdRanges).Assembly, typeof(CriRuntime.Linux.Oci.HandlerFeatureProbe).Assembly, typeof(CriRuntime.Server.Configuration.CommandLine).Assembly];
        return assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(Everything))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.EventId, p.Method.DeclaringType!.FullName + "." + p.Method.Name))
            .ToList();
    }
}
