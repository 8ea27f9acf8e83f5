package io.pal.spi;

import io.pal.StrandState;

import java.util.concurrent.Callable;

/**
 * A strand that is a thread of its own (platform or virtual): its state, its interrupt status and
 * its interrupts are its thread's. The backends whose strands are threads extend it with how the
 * thread starts and what runs in it.
 */
public abstract class ThreadBackedStrand<T> extends AbstractStrand<T> {

    /** The backend the strand's joiners park through. Immutable. */
    private final Backend backend;
    /** The name given at spawn, or null for {@code "strand-" + id()}. Immutable. */
    private final String name;
    /** The strand's thread; set once by {@link #setThread}, before the strand is handed to anyone. */
    private volatile Thread thread;

    protected ThreadBackedStrand(Backend backend, String name, Callable<T> task) {
        super(task);
        this.backend = backend;
        this.name = name;
    }

    @Override
    protected final Backend backend() {
        return backend;
    }

    /** Its thread's id. Precondition: {@link #setThread} ran (spawn does it before returning the strand). */
    @Override
    public final long id() {
        return thread.threadId();
    }

    @Override
    public final String name() {
        return nameOr(name);
    }

    /** The name given at spawn, or null: what a backend names the strand's thread (else it names it after the id, once the thread exists). */
    protected final String givenName() {
        return name;
    }

    /** Records the strand's thread; called before the thread starts (a strand may record it again from inside). */
    protected final void setThread(Thread t) {
        thread = t;
    }

    /** The strand's thread, or null before it is set. */
    public final Thread thread() {
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
