package io.pal.shim.net;

import io.pal.Strand;
import io.pal.spi.Backend;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A non-reentrant FIFO mutex whose waiters park through the backend, so that a coroutine waiting
 * for it gives its carrier back, and whose owner may be suspended (in a readiness wait) while it
 * holds it. It is the LockSupport javadoc's FIFOMutex with {@link Backend#park} in place of
 * LockSupport: ownership is a flag, not a thread, so it does not care which carrier the owner runs
 * on when it unlocks. A socket uses two, one for readers (and accept, connect) and one for writers,
 * as NioSocketImpl uses two ReentrantLocks.
 *
 * <p>Protocol:
 * <ol>
 *   <li>lock: take the flag at once if nobody queues (barging is allowed, it is only a fast path);
 *       otherwise enqueue the caller's strand and, while it is not at the head or the flag is taken,
 *       park (timed if there is a timeout). Interrupts are remembered and re-asserted on return,
 *       as ReentrantLock.lock does.</li>
 *   <li>unlock: clear the flag, then unpark the head of the queue. The flag is cleared before the
 *       peek, so a waiter that enqueued after the peek sees the flag clear and does not park.</li>
 *   <li>a timed waiter that gives up leaves the queue and, if the flag is free, wakes the new head,
 *       so no wakeup meant for it is lost.</li>
 * </ol>
 */
final class StrandMutex {

    /** The backend its waiters park through: the socket's. Immutable. */
    private final Backend backend;
    /** True while some strand owns the mutex. Any thread. */
    private final AtomicBoolean locked = new AtomicBoolean();
    /** Strands waiting, in arrival order; the head is the next owner. Any thread. */
    private final ConcurrentLinkedQueue<Strand<?>> waiters = new ConcurrentLinkedQueue<>();

    StrandMutex(Backend backend) {
        this.backend = backend;
    }

    /**
     * Acquires the mutex, waiting at most {@code nanos} ({@link Backend#NO_TIMEOUT}: no limit).
     *
     * @return the time left of {@code nanos} when acquired ({@code NO_TIMEOUT} if unbounded), or
     *         zero or negative if the time ran out and the mutex was not acquired
     */
    long lock(long nanos) {
        if (waiters.isEmpty() && locked.compareAndSet(false, true)) {
            return nanos;
        }
        Strand<?> me = backend.current();
        boolean timed = nanos != Backend.NO_TIMEOUT;
        long deadline = timed ? System.nanoTime() + nanos : 0;
        boolean interrupted = false;
        waiters.add(me);
        try {
            while (waiters.peek() != me || !locked.compareAndSet(false, true)) {
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        waiters.remove(me);
                        wakeHeadIfFree();
                        return left == 0 ? -1 : left;
                    }
                    backend.parkNanos(left);
                } else {
                    backend.park();
                }
                interrupted |= backend.interrupted();
            }
            Strand<?> head = waiters.poll();
            assert head == me : "inconsistent state: head " + head + " after " + me + " locked";
            return timed ? Math.max(1, deadline - System.nanoTime()) : nanos;
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Releases the mutex; the caller must own it. */
    void unlock() {
        boolean wasLocked = locked.getAndSet(false);
        assert wasLocked : "inconsistent state: unlock of a free mutex";
        wakeHeadIfFree();
    }

    private void wakeHeadIfFree() {
        Strand<?> next = waiters.peek();
        if (next != null && !locked.get()) {
            backend.unpark(next);
        }
    }
}
