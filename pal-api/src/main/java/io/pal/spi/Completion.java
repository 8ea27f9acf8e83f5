package io.pal.spi;

import io.pal.Strand;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * A one-shot outcome that strands wait for by parking through their {@link Backend}, so that a
 * waiting coroutine frees its carrier. It is the base of every backend's strand and of the
 * executor's futures.
 *
 * <p>Protocol (no lost wakeup):
 * <ol>
 *   <li>A waiter pushes itself on {@code waiters}, then re-reads {@code outcome} before each park.</li>
 *   <li>The finisher CASes {@code outcome} from null, then swaps {@code waiters} for {@link #DONE}
 *       and unparks every waiter it took.</li>
 *   <li>So either the waiter sees the outcome, or the finisher sees the waiter and leaves it a permit.</li>
 * </ol>
 * A waiter that gives up (timeout, interrupt) stays on the stack: the finisher then unparks a
 * strand that no longer waits, which is a spurious wakeup that {@link Backend#park()} allows.
 */
public class Completion<T> {

    private record Failure(Throwable cause) {
    }

    private record Waiter(Strand<?> strand, Waiter next) {
    }

    private static final Object NULL_RESULT = new Object();
    private static final Waiter DONE = new Waiter(null, null);
    private static final VarHandle OUTCOME;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OUTCOME = l.findVarHandle(Completion.class, "outcome", Object.class);
            WAITERS = l.findVarHandle(Completion.class, "waiters", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The backend waiters park through. Immutable. */
    private final Backend backend;
    /** Null while pending; then the result ({@link #NULL_RESULT} for null) or a Failure. Set once by CAS. */
    private volatile Object outcome;
    /** Set by {@link #markCancelled()} before the outcome; read by {@link #report()}. */
    private volatile boolean cancelled;
    /** Treiber stack of waiting strands; {@link #DONE} once the outcome is set. CAS only. */
    private volatile Waiter waiters;

    public Completion(Backend backend) {
        this.backend = backend;
    }

    /** Sets the result; returns false if an outcome was already set. Wakes every waiter. */
    public final boolean complete(T value) {
        return finish(returned(value));
    }

    /** Sets a failure; returns false if an outcome was already set. Wakes every waiter. */
    public final boolean fail(Throwable cause) {
        return finish(threw(cause));
    }

    /** What {@link #finish} records for a body that returned {@code value}. */
    protected static Object returned(Object value) {
        return value == null ? NULL_RESULT : value;
    }

    /** What {@link #finish} records for a body that threw {@code cause}. */
    protected static Object threw(Throwable cause) {
        return new Failure(cause);
    }

    /**
     * Records an outcome made by {@link #returned} or {@link #threw}; returns false if one was already
     * set. Wakes every waiter.
     */
    protected final boolean finish(Object o) {
        if (!OUTCOME.compareAndSet(this, null, o)) {
            return false;
        }
        for (Waiter w = (Waiter) WAITERS.getAndSet(this, DONE); w != null; w = w.next) {
            backend.unpark(w.strand);
        }
        return true;
    }

    /** Marks this cancelled unless an outcome is already set; returns whether it did. */
    protected final boolean markCancelled() {
        if (outcome != null) {
            return false;
        }
        cancelled = true;
        return true;
    }

    public final boolean isDone() {
        return outcome != null;
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    /**
     * Waits until the outcome is set or {@code nanos} elapse; returns whether it is set.
     *
     * @param nanos {@link Backend#NO_TIMEOUT} for no limit; zero or negative to not wait at all
     * @throws InterruptedException the caller was interrupted while it had to wait (status cleared)
     * @throws IllegalStateException it would have to wait and the caller is inside an atomic region
     */
    public final boolean await(long nanos) throws InterruptedException {
        if (outcome != null) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        AtomicRegions.check(backend, "join"); // before the waiter is pushed: a refused join leaves nothing behind
        Strand<?> me = backend.current();
        Waiter head;
        do {
            head = waiters;
            if (head == DONE) {
                return true;
            }
        } while (!WAITERS.compareAndSet(this, head, new Waiter(me, head)));
        long deadline = System.nanoTime() + nanos;
        while (outcome == null) {
            if (backend.interrupted()) {
                throw new InterruptedException();
            }
            if (nanos == Backend.NO_TIMEOUT) {
                backend.park();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                backend.parkNanos(left);
            }
        }
        return true;
    }

    /** The result, or the failure as an exception. Precondition: {@link #isDone()}. */
    @SuppressWarnings("unchecked")
    public final T report() throws ExecutionException {
        Object o = outcome;
        assert o != null : "report() before the outcome is set";
        if (cancelled) {
            throw new CancellationException("cancelled");
        }
        if (o instanceof Failure f) {
            throw new ExecutionException(f.cause);
        }
        return o == NULL_RESULT ? null : (T) o;
    }

    @SuppressWarnings("unchecked")
    public final T resultNow() {
        Object o = outcome;
        if (o == null || cancelled || o instanceof Failure) {
            throw new IllegalStateException(o == null ? "not finished" : cancelled ? "cancelled" : "failed");
        }
        return o == NULL_RESULT ? null : (T) o;
    }

    public final Throwable exceptionNow() {
        Object o = outcome;
        if (o instanceof Failure f && !cancelled) {
            return f.cause;
        }
        throw new IllegalStateException(o == null ? "not finished" : cancelled ? "cancelled" : "returned normally");
    }

    /** A timeout as nanoseconds for {@link #await}, saturating: a huge duration means {@link Backend#NO_TIMEOUT}. */
    public static long toNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException overflow) {
            return timeout.isNegative() ? Long.MIN_VALUE : Backend.NO_TIMEOUT;
        }
    }
}
