package io.pal.sim;

import io.pal.group.TurnGroup;
import io.pal.spi.Backend;
import io.pal.spi.ThreadBackedStrand;

import java.util.concurrent.Callable;

/** A strand spawned through pal under sim: a virtual thread of a run. Its state is its thread's. */
final class SimStrand<T> extends ThreadBackedStrand<T> {

    /** The strand of the calling virtual thread, for the strands pal spawned; null elsewhere. */
    private static final ThreadLocal<SimStrand<?>> CURRENT = new ThreadLocal<>();

    /** The group the strand is a member of, or null. Immutable. */
    private final TurnGroup group;

    SimStrand(Backend backend, String name, Callable<T> task, TurnGroup group) {
        super(backend, name, task);
        this.group = group;
    }

    static SimStrand<?> current() {
        return CURRENT.get();
    }

    /**
     * The spawner, once the strand's thread has started: records it, and names it after the strand's
     * id if it was given no name (inside a run the strand has not run yet: its spawner holds the turn).
     */
    void started(Thread t) {
        setThread(t);
        if (givenName() == null) {
            t.setName(name());
        }
    }

    /**
     * The body, in its virtual thread. The thread records itself before the body runs: a strand
     * spawned from outside the run may run before its spawner's {@link #started} (the carrier is
     * another thread), and an interrupt of itself in between would otherwise go nowhere. A member
     * of a group runs the body holding the group's turn.
     */
    void run() {
        setThread(Thread.currentThread());
        CURRENT.set(this);
        TurnGroup.run(group, this::runBody);
    }

    TurnGroup group() {
        return group;
    }
}
