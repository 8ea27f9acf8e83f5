package io.pal.threads;

import io.pal.Strand;
import io.pal.group.StrandGroup;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A strand group on a thread backend: a fair lock that a member holds while it runs.
 *
 * <pre>
 *   member body starts        -> enter()   // before the body: waits for the turn
 *   member suspends via pal   -> leave()   // ThreadBackend, before park/sleep/yield/readiness wait
 *   the wait returns          -> enter()   // uninterruptible; the interrupt status is kept
 *   member body ends          -> leave()   // after the body, whatever it threw
 * </pre>
 * The lock's release/acquire orders each turn before the next (happens-before). It is fair, so a
 * member that yields goes behind the members already waiting, and a member woken from a park
 * queues behind them instead of barging. A member holds the lock through any blocking call that
 * does not go through the backend (see the group package essay).
 */
final class LockGroup implements StrandGroup {

    /** The backend whose strands may be members. Immutable. */
    private final ThreadBackend backend;
    /** The group's name. Immutable. */
    private final String name;
    /** Held by the member that runs. Fair: turns are handed out in arrival order. */
    private final ReentrantLock turn = new ReentrantLock(true);

    LockGroup(ThreadBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        return backend.spawn(strandName, Objects.requireNonNull(task, "task"), this);
    }

    /** A member takes the turn: waits until no other member runs. Uninterruptible; keeps the interrupt status. */
    void enter() {
        turn.lock();
    }

    /** A member gives the turn up (it is about to wait, or its body ended). Precondition: it holds it. */
    void leave() {
        assert turn.isHeldByCurrentThread() : "group " + name + " left by a thread that does not hold its turn";
        turn.unlock();
    }

    @Override
    public String toString() {
        return "LockGroup[" + name + (turn.isLocked() ? " running" : " idle") + " waiting=" + turn.getQueueLength() + "]";
    }
}
