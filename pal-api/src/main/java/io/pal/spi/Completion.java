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
 * executor's futures, so it is one word: a strand's joiners and its outcome are the same field at
 * different times, and cost a parked strand 4 bytes.
 *
 * <p>States of {@link #state} (the outcome set once, by CAS, wins every race):
 * <pre>
 *   null                  pending, nobody waits
 *   Waiter -> ...         pending: a Treiber stack of waiting strands, and cancel marks (a Waiter with no strand)
 *   NULL_RESULT, a value  done: returned (NULL_RESULT for null)
 *   Failure               done: threw
 *   CANCELLED             done after a cancel mark: whatever the body did, joiners see a cancellation
 *
 *   null/stack -> stack    a waiter or a cancel mark pushed (CAS)
 *   null/stack -> outcome  finish (CAS), which then unparks every strand of the stack it replaced
 * </pre>
 * Protocol (no lost wakeup):
 * <ol>
 *   <li>A waiter pushes itself on the stack, then re-reads the state before each park.</li>
 *   <li>The finisher CASes the state from the stack it read to the outcome, then unparks every
 *       waiter of that stack.</li>
 *   <li>So either the waiter sees the outcome, or the finisher sees the waiter and leaves it a permit.</li>
 * </ol>
 * A waiter that gives up (timeout, interrupt) stays on the stack: the finisher then unparks a
 * strand that no longer waits, which is a spurious wakeup that {@link Backend#park()} allows.
 */
public abstract class Completion<T> {

    private record Failure(Throwable cause) {
    }

    /** A waiting strand, or with a null strand, a cancel mark. */
    private record Waiter(Strand<?> strand, Waiter next) {
    }

    private static final Object NULL_RESULT = new Object();
    private static final Object CANCELLED = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Completion.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See the table above. Changed by CAS only. */
    private volatile Object state;

    /** The backend waiters park through, and the finisher unparks them through. */
    protected abstract Backend backend();

    /** A completion on its own (not a strand's), whose waiters park through {@code backend}. */
    public static <T> Completion<T> on(Backend backend) {
        return new Completion<>() {
            @Override
            protected Backend backend() {
                return backend;
            }
        };
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

    private static boolean pending(Object s) {
        return s == null || s instanceof Waiter;
    }

    /**
     * Records an outcome made by {@link #returned} or {@link #threw}; returns false if one was already
     * set. Wakes every waiter.
     */
    protected final boolean finish(Object o) {
        Object s;
        do {
            s = state;
            if (!pending(s)) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, marked((Waiter) s) ? CANCELLED : o));
        Backend b = s != null ? backend() : null;
        for (Waiter w = (Waiter) s; w != null; w = w.next) {
            if (w.strand != null) {
                b.unpark(w.strand);
            }
        }
        return true;
    }

    private static boolean marked(Waiter w) {
        for (; w != null; w = w.next) {
            if (w.strand == null) {
                return true;
            }
        }
        return false;
    }

    /** Marks this cancelled unless an outcome is already set; returns whether it did. */
    protected final boolean markCancelled() {
        return push(null);
    }

    /** Pushes a waiter for {@code strand} (null: a cancel mark) unless the outcome is set; returns whether it did. */
    private boolean push(Strand<?> strand) {
        Object s;
        do {
            s = state;
            if (!pending(s)) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, new Waiter(strand, (Waiter) s)));
        return true;
    }

    public final boolean isDone() {
        return !pending(state);
    }

    public final boolean isCancelled() {
        Object s = state;
        return s == CANCELLED || s instanceof Waiter w && marked(w);
    }

    /**
     * Waits until the outcome is set or {@code nanos} elapse; returns whether it is set.
     *
     * @param nanos {@link Backend#NO_TIMEOUT} for no limit; zero or negative to not wait at all
     * @throws InterruptedException the caller was interrupted while it had to wait (status cleared)
     * @throws IllegalStateException it would have to wait and the caller is inside an atomic region
     */
    public final boolean await(long nanos) throws InterruptedException {
        if (isDone()) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        Backend backend = backend();
        AtomicRegions.check(backend, "join"); // before the waiter is pushed: a refused join leaves nothing behind
        if (!push(backend.current())) {
            return true;
        }
        long deadline = System.nanoTime() + nanos;
        while (!isDone()) {
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
        Object o = state;
        assert !pending(o) : "report() before the outcome is set";
        if (o == CANCELLED) {
            throw new CancellationException("cancelled");
        }
        if (o instanceof Failure f) {
            throw new ExecutionException(f.cause);
        }
        return o == NULL_RESULT ? null : (T) o;
    }

    @SuppressWarnings("unchecked")
    public final T resultNow() {
        Object o = state;
        if (pending(o) || o == CANCELLED || o instanceof Failure) {
            throw new IllegalStateException(pending(o) ? "not finished" : o == CANCELLED ? "cancelled" : "failed");
        }
        return o == NULL_RESULT ? null : (T) o;
    }

    public final Throwable exceptionNow() {
        Object o = state;
        if (o instanceof Failure f) {
            return f.cause;
        }
        throw new IllegalStateException(pending(o) ? "not finished" : o == CANCELLED ? "cancelled" : "returned normally");
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
