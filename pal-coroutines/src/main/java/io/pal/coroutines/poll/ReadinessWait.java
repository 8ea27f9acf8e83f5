package io.pal.coroutines.poll;

import java.nio.channels.SelectableChannel;

/**
 * One caller waiting for one channel to become ready for some operations. Created by the waiter,
 * completed exactly once by the poller thread (ready, closed, or cancelled), after which the
 * poller calls {@code waker}.
 */
public final class ReadinessWait {

    /** What is waited on. Immutable. */
    final SelectableChannel channel;
    /** SelectionKey.OP_* bits waited for. Immutable. */
    final int ops;
    /** Called on the poller thread once this wait is complete; must not block. Immutable. */
    private final Runnable waker;
    /** Set by {@link Poller#cancel}; read by the poller thread. */
    volatile boolean cancelRequested;
    /** True once complete; readyOps is final then. Written once by the poller thread. */
    private volatile boolean done;
    /** The ready operations (a subset of ops; all of ops for a closed channel), 0 if cancelled first. Written before done. */
    private int readyOps;
    /** Whether the poller holds this in a key's waiter list. Poller thread only. */
    boolean registered;

    public ReadinessWait(SelectableChannel channel, int ops, Runnable waker) {
        this.channel = channel;
        this.ops = ops;
        this.waker = waker;
    }

    public boolean isDone() {
        return done;
    }

    /** The outcome; meaningful once {@link #isDone()}. */
    public int readyOps() {
        return readyOps;
    }

    /** Poller thread only: records the outcome. Returns false if it was already complete. The waker is called later. */
    boolean complete(int ready) {
        if (done) {
            return false;
        }
        readyOps = ready;
        done = true; // volatile write publishes readyOps
        return true;
    }

    void wake() {
        waker.run();
    }
}
