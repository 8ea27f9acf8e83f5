package io.pal.shim.jdk;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the JVM alive while a non-daemon Thread started as a strand lives, as the JVM does for a
 * non-daemon platform thread: carriers are daemon threads, so while at least one such strand lives
 * one non-daemon platform thread, the keeper, waits; it ends when the count drops to zero, and the
 * JVM then exits as it would after its last non-daemon thread.
 *
 * <p>Protocol: (1) a starter counts up before the strand is submitted; the one that counts from 0
 * makes sure a keeper runs (under the lock); (2) the strand counts down as its last step; the one
 * that counts to 0 unparks the keeper; (3) the keeper, under the lock, ends (clearing its field)
 * only if it sees 0, else parks again. A start that races with a keeper ending either is seen by
 * the keeper's check or finds the field cleared and starts a new keeper.
 */
final class NonDaemonKeeper {

    /** Non-daemon strands started and not yet ended. Any thread. */
    private final AtomicInteger live = new AtomicInteger();
    /** The keeper thread, or null. Guarded by {@code this}. */
    private Thread keeper;

    /** A non-daemon strand is about to start. */
    void started() {
        if (live.getAndIncrement() == 0) {
            ensureKeeper();
        }
    }

    /** A non-daemon strand has ended (its last step). */
    void ended() {
        if (live.decrementAndGet() == 0) {
            Thread k;
            synchronized (this) {
                k = keeper;
            }
            if (k != null) {
                LockSupport.unpark(k);
            }
        }
    }

    /** Non-daemon strands alive now (for tests and diagnostics). */
    int live() {
        return live.get();
    }

    private synchronized void ensureKeeper() {
        if (keeper == null) {
            keeper = new Keeper(this);
            keeper.start(); // stays a platform thread: its class is pal's (ThreadStartPolicy)
        }
    }

    /** The keeper's loop: waits until no non-daemon strand lives. */
    private void keep() {
        while (true) {
            synchronized (this) {
                if (live.get() == 0) {
                    keeper = null;
                    return;
                }
            }
            LockSupport.park(this);
        }
    }

    /** The non-daemon platform thread that stands in for every non-daemon strand. */
    private static final class Keeper extends Thread {
        Keeper(NonDaemonKeeper owner) {
            super(null, owner::keep, "pal-non-daemon-keeper", 0, false);
            setDaemon(false);
        }
    }
}
