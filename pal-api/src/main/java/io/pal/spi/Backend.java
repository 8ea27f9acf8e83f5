package io.pal.spi;

import io.pal.BackendName;
import io.pal.Strand;

import java.util.concurrent.Callable;

/**
 * What every backend implements: strands, and how the caller waits. See {@code package-info.java}
 * for the rules every method follows (timeouts, interrupts, spurious wakeups, plain threads), and
 * for the other faces a backend may have: {@link ShimHooks} (what shims call),
 * {@link io.pal.group.GroupSupport} (strand groups) and {@link io.pal.coroutine.CoroutineSupport}
 * (coroutines of its own). This interface names none of them, so that the SPI depends on no
 * feature package (ADR 0022).
 *
 * <p>Every method that acts on "the caller" must work both when the caller is a strand of this
 * backend and when it is any other thread (the main thread, a JUnit worker, a thread from a
 * library's own pool): such a thread is adopted as a strand of its own by {@link #current()}.
 */
public interface Backend {

    /** Timeout value meaning "wait without limit". Any other value is a bound in nanoseconds. */
    long NO_TIMEOUT = Long.MAX_VALUE;

    /** This backend's name. */
    BackendName name();

    /**
     * Starts a new strand that runs {@code task} and returns its handle. Never blocks. The new
     * strand inherits the caller's inheritable thread-locals as a new platform thread would.
     *
     * @param name the strand's name, or null for {@code "strand-" + id}
     */
    <T> Strand<T> spawn(String name, Callable<T> task);

    /** The caller's strand; a thread that is not a strand of this backend gets an adopted one. */
    Strand<?> current();

    /**
     * Suspends the caller until a permit is available, then consumes it (LockSupport's contract).
     * Returns at once if a permit is available. Also returns when the caller is interrupted (the
     * status stays set), and may return spuriously: callers re-check their condition in a loop.
     */
    void park();

    /**
     * As {@link #park()}, but returns after at most {@code nanos}. Zero or negative: returns at once
     * without waiting (and without consuming a permit, as LockSupport.parkNanos does).
     */
    void parkNanos(long nanos);

    /**
     * Makes a permit available to {@code strand} (at most one is kept), waking it if it is parked.
     * Never blocks; callable from any thread or strand, on a strand of this backend or an adopted
     * one; a no-op on a strand that has finished.
     */
    void unpark(Strand<?> strand);

    /**
     * Suspends the caller for at least {@code nanos} nanoseconds; never returns early. Zero or
     * negative: returns at once, after checking for an interrupt.
     *
     * @throws InterruptedException the caller was or becomes interrupted (its status is cleared)
     */
    void sleep(long nanos) throws InterruptedException;

    /** Gives other runnable strands a chance to run on the caller's carrier or core. May return at once. */
    void yieldNow();

    // ---------------------------------------------------------------- atomic regions

    /**
     * The caller enters an atomic region ({@link io.pal.Pal#atomic}); nestable. Until the matching
     * {@link #exitAtomic}, every call of this backend that could suspend the caller throws
     * {@link AtomicRegions#refused} at once, before it changes any state: {@link #park()},
     * {@link #parkNanos} and {@link #sleep} with a positive time, {@link #yieldNow()}, and
     * {@link ShimHooks#awaitDescriptor} with a positive timeout. Calls that cannot wait (a zero or negative time)
     * behave as usual. The defaults keep the depth in {@link AbstractStrand} or {@link AdoptedStrand};
     * the backend's suspending calls must check it.
     */
    default void enterAtomic() {
        AtomicRegions.enter(current());
    }

    /**
     * Ends one {@link #enterAtomic}.
     *
     * @throws IllegalStateException if the caller is not inside an atomic region
     */
    default void exitAtomic() {
        AtomicRegions.exit(current());
    }

    /** Whether the caller is inside an atomic region. Cheap: a field read after {@link #current()}. */
    default boolean inAtomic() {
        return AtomicRegions.inside(current());
    }

    /** Tests and clears the caller's interrupt status, as {@code Thread.interrupted()} does for threads. */
    boolean interrupted();
}
