package io.pal.group;

import io.pal.Strand;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A strand group kept by a fair lock that a member holds while it runs: the groups of the thread
 * backends and of sim (see the group package essay for why sim needs one though it has one carrier).
 *
 * <pre>
 *   member body starts        -> run()         // enter() before the body: waits for the turn
 *   member suspends via pal   -> suspend()     // the backend, before park/sleep/yield/readiness wait
 *   the wait returns          -> resume()      // uninterruptible; the interrupt status is kept
 *   member body ends          -> leave()       // after the body, whatever it threw
 * </pre>
 * The lock's release/acquire orders each turn before the next (happens-before). It is fair, so a
 * member that yields goes behind the members already waiting, and a member woken from a park
 * queues behind them instead of barging. A member holds the lock through any blocking call that
 * does not go through the backend (see the group package essay).
 */
public final class TurnGroup implements StrandGroup {

    /** How a backend spawns a member of a group (a method reference to its own spawn). */
    @FunctionalInterface
    public interface Spawner {
        /** Starts a strand that is a member of {@code group} for its whole life. Never blocks. */
        <T> Strand<T> spawn(String strandName, Callable<T> task, TurnGroup group);
    }

    /** Spawns the members. Immutable. */
    private final Spawner spawner;
    /** The group's name. Immutable. */
    private final String name;
    /** Held by the member that runs. Fair: turns are handed out in arrival order. */
    private final ReentrantLock turn = new ReentrantLock(true);

    public TurnGroup(String name, Spawner spawner) {
        this.name = name;
        this.spawner = spawner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> Strand<T> spawn(String strandName, Callable<T> task) {
        return spawner.spawn(strandName, Objects.requireNonNull(task, "task"), this);
    }

    /**
     * A strand's body, in its own thread: runs {@code body}, holding the turn of {@code group} if it
     * is not null and giving it up after, whatever it threw.
     */
    public static void run(TurnGroup group, Runnable body) {
        if (group == null) {
            body.run();
            return;
        }
        group.enter();
        try {
            body.run();
        } finally {
            group.leave();
        }
    }

    /** Before a strand of {@code group} (null: of none) waits through its backend: gives the turn up. Returns {@code group}. */
    public static TurnGroup suspend(TurnGroup group) {
        if (group != null) {
            group.leave();
        }
        return group;
    }

    /** After that wait: takes the turn back, uninterruptibly, keeping the interrupt status. */
    public static void resume(TurnGroup group) {
        if (group != null) {
            group.enter();
        }
    }

    /** A member takes the turn: waits until no other member runs. Uninterruptible; keeps the interrupt status. */
    public void enter() {
        turn.lock();
    }

    /** A member gives the turn up (it is about to wait, or its body ended). Precondition: it holds it. */
    public void leave() {
        assert turn.isHeldByCurrentThread() : "group " + name + " left by a thread that does not hold its turn";
        turn.unlock();
    }

    @Override
    public String toString() {
        return "TurnGroup[" + name + (turn.isLocked() ? " running" : " idle") + " waiting=" + turn.getQueueLength() + "]";
    }
}
