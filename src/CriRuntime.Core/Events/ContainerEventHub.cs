using System.Threading.Channels;
using CriRuntime.Core.Errors;

namespace CriRuntime.Core.Events;

/// <summary>
/// Fans container lifecycle events out to any number of subscribers (GetContainerEvents streams). Publishing never
/// waits: each subscriber has a bounded queue, and one that falls <see cref="QueueLimit"/> events behind is cut off
/// with <see cref="ErrorKind.ResourceExhausted"/> instead of slowing the runtime or losing events silently. Events of
/// one container are published under that container's write lock, so every subscriber sees them in order.
/// </summary>
public sealed class ContainerEventHub
{
    /// <summary>Events a subscriber may have queued, unread, before it is cut off.</summary>
    public const int DefaultQueueLimit = 1024;

    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscribers = [];

    public ContainerEventHub(int queueLimit = DefaultQueueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLimit, 1);
        QueueLimit = queueLimit;
    }

    public int QueueLimit { get; }

    /// <summary>How many subscribers are attached now.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Attaches a subscriber that sees every event published from now on; dispose it to detach.</summary>
    public Subscription Subscribe()
    {
        var subscription = new Subscription(this, Channel.CreateBounded<ContainerEvent>(new BoundedChannelOptions(QueueLimit)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        lock (_lock)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Queues an event for every subscriber; one whose queue is full is cut off.</summary>
    public void Publish(ContainerEvent e)
    {
        Subscription[] subscribers;
        lock (_lock)
        {
            if (_subscribers.Count == 0)
            {
                return;
            }

            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            if (!subscriber.Queue.Writer.TryWrite(e))
            {
                subscriber.Queue.Writer.TryComplete(new CriException(ErrorKind.ResourceExhausted,
                    $"the event subscriber fell {QueueLimit} events behind and was cut off; subscribe again and relist"));
                Remove(subscriber);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>One subscriber's queue. Reading ends with the <see cref="CriException"/> that cut it off, if any.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ContainerEventHub _hub;

        internal Subscription(ContainerEventHub hub, Channel<ContainerEvent> queue)
        {
            _hub = hub;
            Queue = queue;
        }

        /// <summary>The events, in publication order.</summary>
        public ChannelReader<ContainerEvent> Reader => Queue.Reader;

        internal Channel<ContainerEvent> Queue { get; }

        public void Dispose()
        {
            _hub.Remove(this);
            Queue.Writer.TryComplete();
        }
    }
}
