package io.pal.coroutine;

import io.pal.spi.AtomicRegions;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What every {@link Coroutine} implementation shares: the state machine, the claim that makes a
 * resume or close exclusive, the atomic-region refusals, and how the body's end reaches the
 * resumer. A subclass says only how one step of the body runs ({@link #step}): a handoff to a
 * strand of its own ({@link HandoffCoroutine}), or a continuation on the resumer's strand (the
 * coroutine backend's).
 *
 * <pre>
 * State        who owns the body
 *   NEW        nobody: it has not started
 *   SUSPENDED  nobody: it yielded; the next resume or close claims it
 *   RUNNING    the caller that claimed it, until its step settles
 *   DONE       nobody: it returned, threw or was closed
 *
 * Transitions
 *   NEW       -> RUNNING        // resume: CAS by the caller (the claim)
 *   SUSPENDED -> RUNNING        // resume or close: CAS by the caller
 *   RUNNING   -> SUSPENDED      // the body yielded: settle, by whoever ran the step
 *   RUNNING   -> DONE           // the body returned or threw: settle
 *   RUNNING   -> NEW|SUSPENDED  // the step could not start (its strand was rejected): settle back
 *   NEW       -> DONE           // close before the first resume: CAS by the closer; the body never runs
 * </pre>
 * A subclass's own fields are written by the holder of RUNNING and published to the next claimer by
 * the volatile write of {@link #settle} and the claim's CAS.
 */
public abstract class AbstractCoroutine<I, O> implements Coroutine<I, O> {

    /** The states, for subclasses' {@link #step} and {@link #settle}. */
    protected static final int NEW = 0;
    protected static final int SUSPENDED = 1;
    protected static final int RUNNING = 2;
    protected static final int DONE = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AbstractCoroutine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See the table above. CAS by claimers, volatile set by the holder of RUNNING. */
    private volatile int state = NEW;

    protected AbstractCoroutine() {
    }

    @Override
    public final O resume(I input) {
        refuseInAtomic("coroutine resume"); // a suspension point on the thread backends, so everywhere
        int s = state;
        if ((s != NEW && s != SUSPENDED) || !STATE.compareAndSet(this, s, RUNNING)) {
            throw new IllegalStateException(state == DONE ? "coroutine is done" : "coroutine is already running");
        }
        return step(input, s, false);
    }

    @Override
    public final boolean isDone() {
        return state == DONE;
    }

    @Override
    public final void close() {
        int s = state;
        if (s == DONE) {
            return;
        }
        if (s == SUSPENDED) {
            refuseInAtomic("coroutine close"); // closing runs the body's finally blocks
        }
        if (s == RUNNING || !STATE.compareAndSet(this, s, s == NEW ? DONE : RUNNING)) {
            throw new IllegalStateException(state == DONE ? "coroutine is done" : "cannot close a running coroutine");
        }
        if (s == SUSPENDED) {
            step(null, SUSPENDED, true);
        }
    }

    /**
     * Runs the body, just claimed from {@code from} (NEW or SUSPENDED), until it yields or ends, and
     * settles. With {@code close}, the body's pending yield throws {@link CoroutineClosedException}.
     * Returns what the body yielded or returned, or throws what {@link #outcome} throws.
     */
    protected abstract O step(I input, int from, boolean close);

    /** Whether the caller is inside an atomic region ({@code Pal.atomic}), as the coroutine's backend sees it. */
    protected abstract boolean callerInAtomic();

    /** Resume, yield and close are suspension points: refused inside an atomic region. */
    protected final void refuseInAtomic(String operation) {
        if (callerInAtomic()) {
            throw AtomicRegions.refused(operation);
        }
    }

    /** The holder of RUNNING ends its step (SUSPENDED or DONE), or undoes a claim whose step never started. */
    protected final void settle(int next) {
        assert state == RUNNING : "inconsistent state: " + state;
        state = next;
    }

    /**
     * What the resume that ran the body's last step returns or throws: the output, or the failure,
     * unchecked as is and checked wrapped in {@link CoroutineFailedException}. The
     * CoroutineClosedException a close provoked is no failure.
     */
    protected static <O> O outcome(O output, Throwable failure, boolean closing) {
        if (failure == null || (closing && failure instanceof CoroutineClosedException)) {
            return output;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new CoroutineFailedException(failure);
    }

    /** The state's name, for toString. */
    protected final String stateName() {
        int s = state;
        return switch (s) {
            case NEW -> "NEW";
            case SUSPENDED -> "SUSPENDED";
            case RUNNING -> "RUNNING";
            case DONE -> "DONE";
            default -> throw new IllegalStateException("inconsistent state: " + s);
        };
    }
}
