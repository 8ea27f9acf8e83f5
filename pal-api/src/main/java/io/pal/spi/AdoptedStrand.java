package io.pal.spi;

import io.pal.Strand;
import io.pal.StrandState;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A thread that pal did not spawn (the main thread, a test runner, a library's pool thread) seen
 * as a strand, so that it can park, be unparked, join and sleep through the same API. Its result
 * is always null; joining it waits for the thread to terminate.
 */
public final class AdoptedStrand implements Strand<Void> {

    private static final ThreadLocal<AdoptedStrand> ADOPTED = new ThreadLocal<>() {
        @Override
        protected AdoptedStrand initialValue() { // a class, not a lambda, which would spin one in every program's first join (ADR 0025)
            return new AdoptedStrand(Thread.currentThread());
        }
    };

    /** The adopted thread. Immutable. */
    private final Thread thread;
    /** Taken from the strand id sequence at adoption. Immutable. */
    private final long id;
    /** How many atomic regions ({@code Pal.atomic}) the thread is inside (at most AtomicRegions.MAX_DEPTH). Touched only by the thread itself. */
    private byte atomicDepth;

    private AdoptedStrand(Thread thread) {
        this.thread = thread;
        this.id = AbstractStrand.nextId();
    }

    /** The calling thread's adopted strand, the same object on every call from that thread. */
    public static AdoptedStrand ofCurrentThread() {
        return ADOPTED.get();
    }

    public Thread thread() {
        return thread;
    }

    /** The thread itself: enters one more atomic region (see {@link AtomicRegions}). */
    public void enterAtomic() {
        atomicDepth = AtomicRegions.deeper(atomicDepth);
    }

    /** The thread itself: leaves the innermost atomic region. */
    public void exitAtomic() {
        atomicDepth = AtomicRegions.shallower(atomicDepth);
    }

    /** The thread itself: whether it is inside an atomic region, so that it must not wait through pal. */
    public boolean inAtomic() {
        return atomicDepth != 0;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return thread.getName();
    }

    @Override
    public StrandState state() {
        return StrandStates.of(thread.getState());
    }

    @Override
    public Void join() throws InterruptedException {
        thread.join();
        return null;
    }

    @Override
    public Void join(Duration timeout) throws InterruptedException, TimeoutException {
        if (!timeout.isNegative() && !timeout.isZero()) {
            thread.join(timeout);
        }
        if (thread.isAlive()) {
            throw new TimeoutException("thread " + thread.getName() + " did not finish within " + timeout);
        }
        return null;
    }

    @Override
    public boolean isDone() {
        return thread.getState() == Thread.State.TERMINATED;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public Void resultNow() {
        if (!isDone()) {
            throw new IllegalStateException("not finished");
        }
        return null;
    }

    @Override
    public Throwable exceptionNow() {
        throw new IllegalStateException(isDone() ? "returned normally" : "not finished");
    }

    @Override
    public void interrupt() {
        thread.interrupt();
    }

    @Override
    public boolean isInterrupted() {
        return thread.isInterrupted();
    }

    /** An adopted thread cannot be cancelled: it was not started by pal. Always false. */
    @Override
    public boolean cancel() {
        return false;
    }

    @Override
    public String toString() {
        return "AdoptedStrand[" + id + " " + name() + " " + state() + "]";
    }
}
