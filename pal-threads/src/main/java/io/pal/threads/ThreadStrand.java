package io.pal.threads;

import io.pal.group.TurnGroup;
import io.pal.spi.Backend;
import io.pal.spi.ThreadBackedStrand;

import java.util.concurrent.Callable;

/** A strand that is a thread of its own, platform or virtual. Its state is its thread's. */
final class ThreadStrand<T> extends ThreadBackedStrand<T> {

    /** The strand of the calling thread, for the threads this backend started; null elsewhere. */
    private static final ThreadLocal<ThreadStrand<?>> CURRENT = new ThreadLocal<>();

    /** The group the strand is a member of, or null. Immutable. */
    private final TurnGroup group;

    ThreadStrand(Backend backend, String name, Callable<T> task, TurnGroup group) {
        super(backend, name, task);
        this.group = group;
    }

    static ThreadStrand<?> current() {
        return CURRENT.get();
    }

    /** Starts the strand in {@code t}, named after the strand's id if it was given no name. */
    void start(Thread t) {
        setThread(t);
        if (givenName() == null) {
            t.setName(name());
        }
        t.start();
    }

    /** The thread's body; a member of a group runs it holding the group's turn. */
    void run() {
        CURRENT.set(this);
        TurnGroup.run(group, this::runBody);
    }

    TurnGroup group() {
        return group;
    }
}
