package io.pal.threads;

import io.pal.StrandState;
import io.pal.spi.AbstractStrand;
import io.pal.spi.Backend;
import io.pal.spi.StrandStates;

import java.util.concurrent.Callable;

/** A strand that is a thread of its own, platform or virtual. Its state is its thread's. */
final class ThreadStrand<T> extends AbstractStrand<T> {

    /** The strand of the calling thread, for the threads this backend started; null elsewhere. */
    private static final ThreadLocal<ThreadStrand<?>> CURRENT = new ThreadLocal<>();

    /** The strand's thread; set once by start, before the thread runs. */
    private volatile Thread thread;
    /** The group the strand is a member of, or null. Immutable. */
    private final LockGroup group;

    ThreadStrand(Backend backend, String name, Callable<T> task, LockGroup group) {
        super(backend, name, task);
        this.group = group;
    }

    static ThreadStrand<?> current() {
        return CURRENT.get();
    }

    void start(Thread t) {
        thread = t;
        t.start();
    }

    /** The thread's body; a member of a group runs it holding the group's turn. */
    void run() {
        CURRENT.set(this);
        if (group == null) {
            runBody();
            return;
        }
        group.enter();
        try {
            runBody();
        } finally {
            group.leave();
        }
    }

    LockGroup group() {
        return group;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public StrandState state() {
        if (isDone()) {
            return StrandState.DONE;
        }
        Thread t = thread;
        return t == null ? StrandState.NEW : StrandStates.of(t.getState());
    }

    @Override
    public void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isInterrupted() {
        Thread t = thread;
        return t != null && t.isInterrupted();
    }
}
