using CriRuntime.Core.Errors;
using CriRuntime.Core.Events;
using Xunit;

namespace CriRuntime.Core.Tests.Events;

public sealed class ContainerEventHubTests
{
    [Fact]
    public async Task Every_subscriber_sees_every_event_in_order()
    {
        var hub = new ContainerEventHub();
        using var first = hub.Subscribe();
        using var second = hub.Subscribe();
        var kinds = Enum.GetValues<ContainerEventKind>();
        foreach (var kind in kinds)
        {
            hub.Publish(new ContainerEvent("c1", "p1", kind, 1));
        }

        foreach (var subscription in new[] { first, second })
        {
            var seen = new List<ContainerEventKind>();
            for (var i = 0; i < kinds.Length; i++)
            {
                seen.Add((await subscription.Reader.ReadAsync()).Kind);
            }

            Assert.Equal(kinds, seen);
        }
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_cut_off_with_ResourceExhausted_and_the_others_go_on()
    {
        var hub = new ContainerEventHub(queueLimit: 4);
        using var slow = hub.Subscribe();
        using var fast = hub.Subscribe();
        for (var i = 0; i < 10; i++)
        {
            hub.Publish(new ContainerEvent($"c{i}", "p", ContainerEventKind.Created, i));
            Assert.Equal($"c{i}", (await fast.Reader.ReadAsync()).ContainerId);
        }

        Assert.Equal(1, hub.SubscriberCount);
        var drained = new List<string>();
        while (slow.Reader.TryRead(out var e))
        {
            drained.Add(e.ContainerId);
        }

        // What was queued before the cut is still delivered, then the error.
        Assert.Equal(["c0", "c1", "c2", "c3"], drained);
        var error = await Assert.ThrowsAsync<CriException>(() => slow.Reader.Completion);
        Assert.Equal(ErrorKind.ResourceExhausted, error.Kind);
    }

    [Fact]
    public void A_disposed_subscription_is_detached()
    {
        var hub = new ContainerEventHub();
        var subscription = hub.Subscribe();
        subscription.Dispose();
        Assert.Equal(0, hub.SubscriberCount);
        hub.Publish(new ContainerEvent("c", "p", ContainerEventKind.Started, 1));
        Assert.False(subscription.Reader.TryRead(out _));
    }
}
