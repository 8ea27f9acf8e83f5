package io.pal.sim;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task due at a virtual instant: the wake-up of a timed park, sleep or wait (the JDK arms it
 * through {@code VirtualThread.schedule}, which pal's shim sends here), or a program's own. Ordered
 * by due time, then by the order they were armed, so that timers due together fire in one order.
 */
final class Timer implements ScheduledFuture<Object> {

    /** When it is due, in virtual nanoseconds since the run began. Immutable. */
    final long due;
    /** The order it was armed in, the tie-break. Immutable. */
    private final long sequence;
    /** What runs when it fires. Immutable. */
    final Runnable task;
    /** The scheduler whose clock {@link #getDelay} reads. Immutable. */
    private final SimScheduler scheduler;
    /** Set by cancel (any thread); a cancelled timer neither fires nor moves the clock. */
    private volatile boolean cancelled;
    /** Set by the carrier when it fired. */
    private volatile boolean fired;

    Timer(long due, long sequence, Runnable task, SimScheduler scheduler) {
        this.due = due;
        this.sequence = sequence;
        this.task = task;
        this.scheduler = scheduler;
    }

    boolean isCancelled0() {
        return cancelled;
    }

    void fire() {
        fired = true;
        task.run();
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(due - scheduler.elapsedNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
        Timer t = (Timer) o;
        return due != t.due ? Long.compare(due, t.due) : Long.compare(sequence, t.sequence);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (fired || cancelled) {
            return false;
        }
        cancelled = true;
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return fired || cancelled;
    }

    @Override
    public Object get() {
        throw new UnsupportedOperationException("a simulation timer has no result to wait for");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
        return get();
    }
}
