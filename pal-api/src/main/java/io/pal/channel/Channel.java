package io.pal.channel;

import io.pal.spi.Backend;
import io.pal.spi.Completion;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A CSP channel with Go's semantics: unbuffered (a send waits for a receiver: rendezvous) or
 * buffered (a send waits only while the buffer is full). Elements are never null.
 *
 * <p>Closing: receivers first drain what is buffered, then see the channel closed (receive throws
 * {@link ChannelClosedException}, iteration ends, a select case receives null); a send on a closed
 * channel throws; strands blocked in send when it closes throw too. Closing twice is a no-op.
 *
 * <p>Blocking calls suspend only the calling strand, on every backend, through {@code Pal.park}.
 * See {@link Select} for waiting on several channels at once; every operation here is a select of
 * one case.
 */
public final class Channel<T> implements Iterable<T>, AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();
    /** What {@link Select#receive} returns when nothing came in time. */
    private static final Object NONE = new Object();

    /** Orders lock acquisition in a select. Immutable. */
    final long id = IDS.incrementAndGet();
    /** Guards every field below and both queues; never held while parked. */
    final ReentrantLock lock = new ReentrantLock();
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
        Select.send(this, requireElement(element), Backend.NO_TIMEOUT);
    }

    /** As {@link #send}, waiting at most {@code timeout}; returns false if it elapsed first. */
    public boolean send(T element, Duration timeout) throws InterruptedException {
        return Select.send(this, requireElement(element), Math.max(0, Completion.toNanos(timeout)));
    }

    /** Sends only if that can be done without waiting; returns whether it did. */
    public boolean trySend(T element) {
        requireElement(element);
        try {
            return Select.send(this, element, 0);
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
        @SuppressWarnings("unchecked")
        T t = (T) Select.receive(this, Backend.NO_TIMEOUT, null);
        return orClosed(t);
    }

    /** As {@link #receive()}, waiting at most {@code timeout}. */
    public T receive(Duration timeout) throws InterruptedException, TimeoutException {
        Object r = Select.receive(this, Math.max(0, Completion.toNanos(timeout)), NONE);
        if (r == NONE) {
            throw new TimeoutException("nothing received within " + timeout);
        }
        @SuppressWarnings("unchecked")
        T t = (T) r;
        return orClosed(t);
    }

    /** The next element if one can be had without waiting, else null; throws if closed and drained. */
    public T tryReceive() {
        Object r;
        try {
            r = Select.receive(this, 0, NONE);
        } catch (InterruptedException e) {
            throw new IllegalStateException("inconsistent state: a receive that may not wait waited", e);
        }
        if (r == NONE) {
            return null;
        }
        @SuppressWarnings("unchecked")
        T t = (T) r;
        return orClosed(t);
    }

    private T orClosed(T element) {
        if (element == null) {
            throw new ChannelClosedException("channel is closed and drained");
        }
        return element;
    }

    /** Closes the channel, waking every blocked receiver (they see it closed) and sender (they throw). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter w; (w = receivers.claimFirst()) != null; ) {
                Select.complete(w, null, true);
            }
            for (Waiter w; (w = senders.claimFirst()) != null; ) {
                Select.complete(w, null, true);
            }
        } finally {
            lock.unlock();
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
                    T t = (T) Select.receive(Channel.this, Backend.NO_TIMEOUT, null);
                    next = t;
                } catch (InterruptedException e) {
                    io.pal.Pal.current().interrupt();
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

    // ---- buffer, all under lock -------------------------------------------------------------

    boolean bufferHasRoom() {
        return count < buffer.length;
    }

    boolean bufferIsEmpty() {
        return count == 0;
    }

    void bufferAdd(Object e) {
        assert lock.isHeldByCurrentThread() && count < buffer.length;
        buffer[(head + count) % buffer.length] = e;
        count++;
    }

    Object bufferTake() {
        assert lock.isHeldByCurrentThread() && count > 0;
        Object e = buffer[head];
        buffer[head] = null;
        head = (head + 1) % buffer.length;
        count--;
        return e;
    }

    static <T> T requireElement(T element) {
        return Objects.requireNonNull(element, "channel elements are never null");
    }
}
