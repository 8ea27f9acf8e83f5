package io.pal.coroutines.timer;

/**
 * One deadline and what to do when it passes. Armed with {@link Timers#arm}, cancelled with
 * {@link Timers#cancel}; each object is armed at most once. Cancel may come before arm (a strand
 * resumed before its carrier got round to arming its timer): the timer is then never queued.
 */
public abstract class Timer {

    /** When it expires, in System.nanoTime() terms. Immutable. */
    final long deadline;
    /** Position in the heap, or -1 when not queued. Guarded by the Timers lock. */
    int index = -1;
    /** Set by cancel; an armed-after-cancel timer is dropped. Guarded by the Timers lock. */
    boolean cancelled;

    protected Timer(long deadline) {
        this.deadline = deadline;
    }

    public final long deadline() {
        return deadline;
    }

    /**
     * Runs once the deadline has passed, outside any lock, on a carrier or the watchdog. Must be quick and
     * never block (it typically makes a strand runnable); what it throws is reported and ignored.
     */
    protected abstract void expire();
}
