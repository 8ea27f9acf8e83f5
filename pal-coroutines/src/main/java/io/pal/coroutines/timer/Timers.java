package io.pal.coroutines.timer;

import java.util.ArrayList;
import java.util.List;

/**
 * The timers of one scheduler: one {@link TimerHeap} under one lock, and no thread. The carriers
 * expire what is due where they look for work, the carrier that drives waits for the earliest
 * deadline, and the watchdog expires what every carrier left overdue: the protocol is in the
 * package essay, the carriers' side in the sched package essay.
 */
public final class Timers {

    /** Nothing queued: the value of {@link #earliest} then. */
    private static final long NONE = Long.MAX_VALUE;

    /** The queued timers. Guarded by {@code lock}. */
    private final TimerHeap heap = new TimerHeap();
    /** Guards heap and every Timer's index and cancelled fields. */
    private final Object lock = new Object();
    /** How many timers are queued: heap.size(), readable without the lock. Written under the lock. */
    private volatile int size;
    /** The earliest deadline queued; meaningful only while size > 0. Written under the lock. */
    private volatile long earliest;

    /**
     * Queues {@code t} (step 1 of "arm and cancel"). A timer already cancelled is dropped. Returns
     * whether it became the earliest: the caller then makes sure whoever waits for the earliest
     * deadline waits no longer than this one's. Never blocks beyond the short lock.
     */
    public boolean arm(Timer t) {
        synchronized (lock) {
            if (t.cancelled) {
                return false;
            }
            heap.add(t);
            size = heap.size();
            if (t.index == 0) {
                earliest = t.deadline;
                return true;
            }
            return false;
        }
    }

    /** Cancels {@code t}, queued or not yet armed; a no-op once it has expired. O(log n). */
    public void cancel(Timer t) {
        synchronized (lock) {
            t.cancelled = true;
            if (heap.remove(t)) {
                publish();
            }
        }
    }

    /** Under the lock: size and earliest after a change. */
    private void publish() {
        Timer first = heap.peek();
        if (first != null) {
            earliest = first.deadline;
        }
        size = heap.size();
    }

    /** Timers queued now. */
    public int size() {
        return size;
    }

    /** Whether a queued timer is due at {@code now}: two volatile reads, no lock. */
    public boolean isDue(long now) {
        return size > 0 && earliest - now <= 0;
    }

    /** Whether a timer queued now is due before {@code deadline}. No lock. */
    public boolean hasBefore(long deadline) {
        return size > 0 && earliest - deadline < 0;
    }

    /** Nanoseconds from {@code now} until the earliest deadline (0 if it has passed), or {@code Long.MAX_VALUE} if none is queued. */
    public long nanosUntilNext(long now) {
        if (size == 0) {
            return NONE;
        }
        return Math.max(0, earliest - now);
    }

    /**
     * Expires every timer due at {@code now} (step 3): takes them off the heap under the lock, then
     * calls each one's {@link Timer#expire} outside it on the calling thread. Returns how many expired.
     * Several threads may expire at once: each takes the timers it took off the heap, so each
     * timer expires once.
     */
    public int expireDue(long now) {
        if (!isDue(now)) {
            return 0;
        }
        List<Timer> due = new ArrayList<>();
        synchronized (lock) {
            Timer t;
            while ((t = heap.peek()) != null && t.deadline - now <= 0) {
                heap.poll();
                due.add(t);
            }
            publish();
        }
        for (Timer t : due) {
            try {
                t.expire();
            } catch (Throwable e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
        return due.size();
    }
}
