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
    /** The body; cleared once it starts, so its captures can be collected. Touched only by the strand itself. */
    private Callable<T> task;
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
        Callable<T> t = task;
        assert t != null : "strand body run twice";
        task = null;
        try {
            complete(t.call());
        } catch (Throwable e) {
            fail(e);
        }
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
