package io.pal.spi;

import io.pal.Strand;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of a strand every backend shares: identity, the body, and the outcome that joiners
 * wait for (inherited from {@link Completion}, so a strand is one object, not two). A backend
 * adds how the strand runs, its state, and how it is interrupted.
 */
public abstract class AbstractStrand<T> extends Completion<T> implements Strand<T> {

    private static final AtomicLong IDS = new AtomicLong();

    /** Unique in this JVM. Immutable. */
    private final long id;
    /** The given name, or null for {@code "strand-" + id}. Immutable. */
    private final String name;
    /**
     * The body (a {@code Callable}) until it starts, cleared then so that its captures can be
     * collected; after {@link #runBodyHoldingOutcome}, the outcome until {@link #publishHeldOutcome}
     * (one field for both: it is in every parked strand). Touched only by the strand itself, and by
     * whoever publishes after the strand's thread has ended.
     */
    private Object task;
    /** How many atomic regions ({@code Pal.atomic}) the strand is inside (at most AtomicRegions.MAX_DEPTH). Touched only by the strand itself. */
    private byte atomicDepth;

    protected AbstractStrand(Backend backend, String name, Callable<T> task) {
        super(backend);
        this.id = nextId();
        this.name = name;
        this.task = task;
    }

    /** The next strand id; adopted threads take theirs from the same sequence. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /**
     * Runs the body in the strand's own context and records its outcome. Everything the body
     * throws, Errors included (a StackOverflowError in one strand is that strand's failure), goes
     * to the joiners; nothing escapes to the carrier.
     */
    protected final void runBody() {
        Callable<T> t = takeTask();
        try {
            complete(t.call());
        } catch (Throwable e) {
            fail(e);
        }
    }

    /**
     * As {@link #runBody}, but the outcome is only held, not yet seen by joiners: for a backend that
     * publishes it ({@link #publishHeldOutcome}) once the strand's thread has ended, so that the frame
     * the body runs under is only this one (it is in every parked strand's stack).
     */
    protected final void runBodyHoldingOutcome() {
        Callable<T> t = takeTask();
        Object outcome;
        try {
            outcome = returned(t.call());
        } catch (Throwable e) {
            outcome = threw(e);
        }
        task = outcome;
    }

    /** After {@link #runBodyHoldingOutcome} returned: the outcome it held goes to the joiners. */
    protected final void publishHeldOutcome() {
        Object o = task;
        assert o != null : "no outcome held";
        task = null;
        finish(o);
    }

    @SuppressWarnings("unchecked")
    private Callable<T> takeTask() {
        Callable<T> t = (Callable<T>) task;
        assert t != null : "strand body run twice";
        task = null;
        return t;
    }

    /** The strand itself: enters one more atomic region (see {@link AtomicRegions}). */
    public final void enterAtomic() {
        atomicDepth = AtomicRegions.deeper(atomicDepth);
    }

    /** The strand itself: leaves the innermost atomic region. */
    public final void exitAtomic() {
        atomicDepth = AtomicRegions.shallower(atomicDepth);
    }

    /** The strand itself: whether it is inside an atomic region, so that it must not suspend. */
    public final boolean inAtomic() {
        return atomicDepth != 0;
    }

    @Override
    public final long id() {
        return id;
    }

    @Override
    public final String name() {
        return name != null ? name : "strand-" + id;
    }

    @Override
    public final T join() throws InterruptedException, ExecutionException {
        await(Backend.NO_TIMEOUT);
        return report();
    }

    @Override
    public final T join(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        if (!await(toNanos(timeout))) {
            throw new TimeoutException("strand " + name() + " did not finish within " + timeout);
        }
        return report();
    }

    @Override
    public final boolean cancel() {
        if (!markCancelled()) {
            return false;
        }
        interrupt();
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + " " + name() + " " + state() + "]";
    }
}
