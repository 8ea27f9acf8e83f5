package io.pal.spi;

import io.pal.Strand;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The part of a strand every backend shares: the body, and the outcome that joiners wait for
 * (inherited from {@link Completion}, so a strand is one object, not two). A backend adds its id,
 * name and backend (a strand that is a thread reads the first two from its thread), how the strand
 * runs, its state, and how it is interrupted. Every byte here is in every parked strand: two words.
 *
 * <p>A strand's id is the {@code threadId()} of the thread it runs as (its own thread, or the
 * identity it is mounted with), so ids are unique among strands and adopted threads alike, and a
 * JDK thread dump's {@code #id} names the strand.
 */
public abstract class AbstractStrand<T> extends Completion<T> implements Strand<T> {

    /**
     * One field, three lives, so that it is one word in every parked strand: the body (a
     * {@code Callable}) until it starts, cleared then so that its captures can be collected; while
     * the body runs, the atomic-region depth (null for none, else a {@code Byte}: {@code Byte.valueOf}
     * is cached, so entering a region allocates nothing); after {@link #holdOutcome}, the
     * outcome until {@link #publishHeldOutcome}. Touched only by the strand itself, and by whoever
     * publishes after the strand's thread has ended.
     */
    private Object slot;

    protected AbstractStrand(Callable<T> task) {
        this.slot = task;
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

    /** The body, taken out of {@link #slot} so that it runs once (the slot then holds the atomic depth). */
    @SuppressWarnings("unchecked")
    protected final Callable<T> takeTask() {
        Callable<T> t = (Callable<T>) slot;
        assert t != null : "strand body run twice";
        slot = null;
        return t;
    }

    /**
     * For a backend that publishes the outcome ({@link #publishHeldOutcome}) only once the strand's
     * thread has ended: holds what the body returned ({@link #returned}) or threw ({@link #threw}),
     * unseen by joiners.
     */
    protected final void holdOutcome(Object outcome) {
        slot = outcome;
    }

    /** Whether {@link #holdOutcome} has held an outcome (not yet published). */
    protected final boolean holdsOutcome() {
        return slot != null;
    }

    /**
     * After the strand's thread has ended: the outcome {@link #holdOutcome} held goes to the joiners;
     * if none was held, the body was a {@link RunnableTask} that returned, and its result is null.
     */
    protected final void publishHeldOutcome() {
        Object o = slot;
        slot = null;
        finish(o != null ? o : returned(null));
    }

    private byte atomicDepth() {
        return slot instanceof Byte b ? b : 0;
    }

    /** The strand itself: enters one more atomic region (see {@link AtomicRegions}). */
    public final void enterAtomic() {
        slot = AtomicRegions.deeper(atomicDepth());
    }

    /** The strand itself: leaves the innermost atomic region. */
    public final void exitAtomic() {
        byte d = AtomicRegions.shallower(atomicDepth());
        slot = d == 0 ? null : d;
    }

    /** The strand itself: whether it is inside an atomic region, so that it must not suspend. */
    public final boolean inAtomic() {
        return slot instanceof Byte;
    }

    /** The name given at spawn, or {@code "strand-" + id()} for none. */
    protected final String nameOr(String given) {
        return given != null ? given : "strand-" + id();
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
        return getClass().getSimpleName() + "[" + id() + " " + name() + " " + state() + "]";
    }
}
