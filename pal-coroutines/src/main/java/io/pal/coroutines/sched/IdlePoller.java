package io.pal.coroutines.sched;

/**
 * What an idle carrier polls before and instead of sleeping: the network (Go's netpoll, called
 * from its findrunnable). Set on a scheduler once ({@link Scheduler#setIdlePoller}); the protocol
 * "idle poll" is in the package essay. Every method makes the tasks it finds ready runnable
 * through {@link Scheduler#wake} on the calling thread, so on a carrier they land in its own
 * runnext slot and run queue, a batch no other thread touched.
 */
public interface IdlePoller {

    /** Polls without blocking; returns how many tasks it made runnable (0 if nothing waits). Any thread. */
    int poll();

    /**
     * Takes the one blocking-poller role, if nobody holds it and anything waits to be polled for;
     * the caller then calls {@link #pollBlocking} until it is woken, and {@link #stopBlocking}.
     */
    boolean startBlocking();

    /**
     * The role holder only: blocks until something polled for is ready or {@link #wakeBlocked} is
     * called (also if that came before this call), then makes the ready tasks runnable; returns
     * how many (0 after a wakeBlocked).
     */
    int pollBlocking();

    /** The role holder gives the role back. */
    void stopBlocking();

    /** Ends the role holder's {@link #pollBlocking} now, or its next one if none is in progress. Any thread; never blocks. */
    void wakeBlocked();
}
