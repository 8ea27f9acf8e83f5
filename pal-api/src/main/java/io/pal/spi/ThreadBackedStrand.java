package io.pal.spi;

import io.pal.StrandState;

import java.util.concurrent.Callable;

/**
 * A strand that is a thread of its own (platform or virtual): its state, its interrupt status and
 * its interrupts are its thread's. The backends whose strands are threads extend it with how the
 * thread starts and what runs in it.
 */
public abstract class ThreadBackedStrand<T> extends AbstractStrand<T> {

    /** The strand's thread; set once by {@link #setThread}, before the thread runs. */
    private volatile Thread thread;

    protected ThreadBackedStrand(Backend backend, String name, Callable<T> task) {
        super(backend, name, task);
    }

    /** Records the strand's thread; called once, before the thread starts. */
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
