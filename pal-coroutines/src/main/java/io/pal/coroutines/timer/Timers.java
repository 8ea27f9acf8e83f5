package io.pal.coroutines.timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The timer service: one {@link TimerHeap} under one lock, and one daemon thread that waits for the
 * earliest deadline and expires what is due. Why a thread of its own rather than the carriers is in
 * the package essay, as is the protocol.
 */
public final class Timers implements AutoCloseable {

    /** The queued timers. Guarded by {@code lock}. */
    private final TimerHeap heap = new TimerHeap();
    /** Guards heap and every Timer's index and cancelled fields. */
    private final Object lock = new Object();
    /** The thread that expires timers. Immutable after start. */
    private final Thread thread;
    /** Set by close; read by the timer thread. */
    private volatile boolean closed;

    private Timers(String name) {
        thread = new Thread(null, this::loop, name, 0, false);
        thread.setDaemon(true);
    }

    /** Starts a timer service with a daemon thread of that name. */
    public static Timers start(String name) {
        Timers t = new Timers(name);
        t.thread.start();
        return t;
    }

    /**
     * Queues {@code t} (step 1 of the protocol); wakes the timer thread if it became the earliest.
     * A timer already cancelled is dropped. Never blocks beyond the short lock.
     */
    public void arm(Timer t) {
        boolean earliest;
        synchronized (lock) {
            if (t.cancelled) {
                return;
            }
            heap.add(t);
            earliest = t.index == 0;
        }
        if (earliest) {
            LockSupport.unpark(thread);
        }
    }

    /** Cancels {@code t}, queued or not yet armed; a no-op once it has expired. O(log n). */
    public void cancel(Timer t) {
        synchronized (lock) {
            t.cancelled = true;
            heap.remove(t);
        }
    }

    /** Timers queued now. */
    public int size() {
        synchronized (lock) {
            return heap.size();
        }
    }

    private void loop() {
        List<Timer> due = new ArrayList<>();
        while (!closed) {
            long wait;
            synchronized (lock) {
                long now = System.nanoTime();
                Timer t;
                while ((t = heap.peek()) != null && t.deadline - now <= 0) {
                    heap.poll();
                    due.add(t);
                }
                wait = t == null ? -1 : t.deadline - now;
            }
            if (!due.isEmpty()) {
                for (Timer t : due) {
                    try {
                        t.expire();
                    } catch (Throwable e) {
                        Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                    }
                }
                due.clear();
                continue; // time has passed while expiring: look again before waiting
            }
            // A timer armed after the look above and earlier than `wait` unparks us: the permit
            // makes this park return at once, so its wakeup is not lost.
            if (wait < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** Stops the timer thread; queued timers never expire. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** Waits for the timer thread to end after close. */
    public boolean awaitTermination(java.time.Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}
