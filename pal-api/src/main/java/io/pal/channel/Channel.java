package io.pal.channel;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.spi.AtomicRegions;
import io.pal.spi.Backend;
import io.pal.spi.Completion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CSP channel with Go's semantics: unbuffered (a send waits for a receiver: rendezvous) or
 * buffered (a send waits only while the buffer is full). Elements are never null.
 *
 * <p>Closing: receivers first drain what is buffered, then see the channel closed (receive throws
 * {@link ChannelClosedException}, iteration ends, a select case receives null); a send on a closed
 * channel throws; strands blocked in send when it closes throw too. Closing twice is a no-op.
 *
 * <p>Blocking calls suspend only the calling strand, on every backend, through {@code Pal.park}.
 * See {@link Select} for waiting on several channels at once. How a send, a receive and a close
 * work is the package essay's protocols "send and receive", "withdraw" and "close".
 */
public final class Channel<T> implements Iterable<T>, AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();
    /**
     * What a receive that may not wait (or waited its time out) gets when nothing can be had: an
     * object no strand can send, since it is never handed out.
     */
    static final Object NOTHING = new Object();

    /** Orders lock acquisition in a select. Immutable. */
    final long id = IDS.incrementAndGet();
    /** Guards every field below and both queues (package essay, "the lock"). */
    final ChannelLock lock = new ChannelLock();
    /** Ring buffer of capacity elements (empty for an unbuffered channel). Guarded by lock. */
    private final Object[] buffer;
    /** Index of the oldest buffered element, and how many there are. Guarded by lock. */
    private int head;
    private int count;
    /** Strands waiting to send (with their element) and to receive. Guarded by lock. */
    final WaitQueue senders = new WaitQueue();
    final WaitQueue receivers = new WaitQueue();
    /** Set once by close. Guarded by lock. */
    boolean closed;

    private Channel(int capacity) {
        this.buffer = new Object[capacity];
    }

    /** A channel without a buffer: each send waits until a receiver takes the element. */
    public static <T> Channel<T> unbuffered() {
        return new Channel<>(0);
    }

    /**
     * A channel that holds up to {@code capacity} elements that no receiver has taken yet.
     *
     * @throws IllegalArgumentException if capacity is less than 1 (use {@link #unbuffered()} for 0)
     */
    public static <T> Channel<T> buffered(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity
                    + " is not valid: expected an integer >= 1 (use Channel.unbuffered() for a rendezvous channel)");
        }
        return new Channel<>(capacity);
    }

    /** Sends {@code element}, waiting while no receiver (unbuffered) or no buffer space is available. */
    public void send(T element) throws InterruptedException {
        send(requireElement(element), Backend.NO_TIMEOUT);
    }

    /** As {@link #send}, waiting at most {@code timeout}; returns false if it elapsed first. */
    public boolean send(T element, Duration timeout) throws InterruptedException {
        return send(requireElement(element), Math.max(0, Completion.toNanos(timeout)));
    }

    /** Sends only if that can be done without waiting; returns whether it did. */
    public boolean trySend(T element) {
        requireElement(element);
        try {
            return send(element, 0);
        } catch (InterruptedException e) {
            throw new IllegalStateException("inconsistent state: a send that may not wait waited", e);
        }
    }

    /**
     * Receives the next element, waiting until one is sent.
     *
     * @throws ChannelClosedException the channel is closed and nothing is left in it
     */
    public T receive() throws InterruptedException {
        return orClosed(receive(Backend.NO_TIMEOUT));
    }

    /** As {@link #receive()}, waiting at most {@code timeout}. */
    public T receive(Duration timeout) throws InterruptedException, TimeoutException {
        Object r = receive(Math.max(0, Completion.toNanos(timeout)));
        if (r == NOTHING) {
            throw new TimeoutException("nothing received within " + timeout);
        }
        return orClosed(r);
    }

    /** The next element if one can be had without waiting, else null; throws if closed and drained. */
    public T tryReceive() {
        Object r;
        try {
            r = receive(0);
        } catch (InterruptedException e) {
            throw new IllegalStateException("inconsistent state: a receive that may not wait waited", e);
        }
        return r == NOTHING ? null : orClosed(r);
    }

    // ---- one operation: Go's chansend and chanrecv (package essay, "send and receive") ----------

    /**
     * Sends {@code element}: true once sent; false if {@code nanos} (0: do not wait;
     * {@link Backend#NO_TIMEOUT}: forever) elapsed first. Throws ChannelClosedException if the
     * channel is closed, or closes while this waits. Allocates only if it waits.
     */
    private boolean send(Object element, long nanos) throws InterruptedException {
        Waiter receiver;
        Waiter mine = null;
        lock.lock();
        try {
            if (closed) {
                throw new ChannelClosedException("send on a closed channel");
            }
            receiver = receivers.claimFirst();
            if (receiver == null) {
                if (bufferOffer(element)) {
                    return true;
                }
                if (nanos <= 0) {
                    return false;
                }
                mine = enqueue(senders, element, "channel send");
            }
        } finally {
            lock.unlock();
        }
        if (receiver != null) {
            receiver.complete(element, false);
            return true;
        }
        if (!mine.await(nanos)) {
            return false;
        }
        if (mine.closed) {
            throw new ChannelClosedException("send on a closed channel");
        }
        return true;
    }

    /**
     * Receives: the element; null if the channel is closed and drained; {@link #NOTHING} if
     * {@code nanos} (as for {@link #send(Object, long)}) elapsed first. Allocates only if it waits.
     */
    private Object receive(long nanos) throws InterruptedException {
        Waiter sender;
        Object got;
        Waiter mine = null;
        lock.lock();
        try {
            sender = senders.claimFirst();
            got = takeNow(sender);
            if (got == NOTHING && nanos > 0) {
                mine = enqueue(receivers, null, "channel receive");
            }
        } finally {
            lock.unlock();
        }
        if (sender != null) {
            sender.complete(null, false);
        }
        if (mine == null) {
            return got;
        }
        return mine.await(nanos) ? mine.item : NOTHING;
    }

    /**
     * Under the lock: the caller's waiter, queued on {@code queue}. Refused inside an atomic region,
     * before anything can be handed to it.
     */
    private Waiter enqueue(WaitQueue queue, Object item, String operation) {
        Strand<?> me = Pal.current();
        if (AtomicRegions.inside(me)) {
            throw AtomicRegions.refused(operation);
        }
        Waiter w = new Waiter(me, this, item);
        queue.add(w);
        return w;
    }

    @SuppressWarnings("unchecked")
    private T orClosed(Object element) {
        if (element == null) {
            throw new ChannelClosedException("channel is closed and drained");
        }
        return (T) element;
    }

    /** Closes the channel, waking every blocked receiver (they see it closed) and sender (they throw). */
    @Override
    public void close() {
        List<Waiter> woken = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter w; (w = receivers.claimFirst()) != null || (w = senders.claimFirst()) != null; ) {
                woken.add(w);
            }
        } finally {
            lock.unlock();
        }
        for (Waiter w : woken) {
            w.complete(null, true);
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The buffer's capacity; 0 for an unbuffered channel. */
    public int capacity() {
        return buffer.length;
    }

    /** The elements buffered now. */
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Iterates over received elements until the channel is closed and drained. {@code hasNext}
     * waits; an interrupt while it waits ends the iteration with an IllegalStateException and
     * the interrupt status set.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    @SuppressWarnings("unchecked")
                    T t = (T) receive(Backend.NO_TIMEOUT);
                    next = t;
                } catch (InterruptedException e) {
                    Pal.current().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next element", e);
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel is closed and drained");
                }
                T t = next;
                next = null;
                return t;
            }
        };
    }

    // ---- under the lock: what a send or receive can do without waiting ------------------------

    /**
     * A receive's step once it has claimed the first waiting sender ({@code sender}, or null): the
     * buffer's oldest element (the sender's element then takes its place at the tail), else the
     * sender's element; null if closed and drained; else {@link #NOTHING}. A sender waits only
     * while the buffer is full, so it never overtakes a buffered element.
     */
    Object takeNow(Waiter sender) {
        assert lock.isHeld();
        if (count > 0) {
            Object e = buffer[head];
            buffer[head] = null;
            head = (head + 1) % buffer.length;
            count--;
            if (sender != null) {
                bufferOffer(sender.item);
            }
            return e;
        }
        if (sender != null) {
            return sender.item;
        }
        return closed ? null : NOTHING;
    }

    /** A send's step when no receiver waits: into the buffer if it has room; whether it did. */
    boolean bufferOffer(Object e) {
        assert lock.isHeld();
        if (count == buffer.length) {
            return false;
        }
        buffer[(head + count) % buffer.length] = e;
        count++;
        return true;
    }

    static <T> T requireElement(T element) {
        return Objects.requireNonNull(element, "channel elements are never null");
    }
}
