package io.pal.coroutines.sched;

/**
 * The network as an idle carrier sees it (Go's netpoll, called from its findrunnable): polled
 * without blocking before a carrier sleeps, and blocked in by the carrier that drives, up to the
 * earliest timer. Set on a scheduler once ({@link Scheduler#setIdlePoller}); the protocol "drive"
 * is in the package essay. Every method makes the tasks it finds ready runnable through
 * {@link Scheduler#wake} on the calling thread, so on a carrier they land in its own runnext slot
 * and run queue, a batch no other thread touched.
 */
public interface IdlePoller {

    /** Polls without blocking; returns how many tasks it made runnable (0 if nothing waits). Any thread. */
    int poll();

    /** Whether any wait is registered, so that a blocking poll could end with work. Racy. */
    boolean hasWaiters();

    /**
     * Takes the one blocking-poller role if nobody holds it; the caller then calls
     * {@link #pollBlocking} until it is woken, and {@link #stopBlocking}.
     */
    boolean startBlocking();

    /**
     * The role holder only: blocks until something polled for is ready, {@code timeoutNanos} have
     * passed ({@code Long.MAX_VALUE}: no bound) or {@link #wakeBlocked} is called (also if that came
     * before this call), then makes the ready tasks runnable; returns how many.
     */
    int pollBlocking(long timeoutNanos);

    /** The role holder gives the role back. */
    void stopBlocking();

    /** Ends the role holder's {@link #pollBlocking} now, or its next one if none is in progress. Any thread; never blocks. */
    void wakeBlocked();
}
