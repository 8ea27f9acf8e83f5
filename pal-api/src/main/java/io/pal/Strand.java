package io.pal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A strand of execution: a platform thread, a virtual thread or a coroutine, depending on
 * {@code -Dpal.backend}. Obtained from {@link Pal#spawn} or {@link Pal#current()}.
 *
 * <p>Joining, parking and sleeping inside a strand suspend only that strand on the coroutine
 * backend; on the thread backends they block the strand's thread. Either way the caller sees the
 * same semantics.
 *
 * @param <T> the result type of the strand's body
 */
public interface Strand<T> {

    /**
     * The {@code threadId()} of the thread the strand runs as (its own thread, or the identity it is
     * mounted with): unique among the strands and threads of this JVM, and the {@code #id} a JDK
     * thread dump shows for it.
     */
    long id();

    /** The name given at spawn, or {@code "strand-" + id()}. */
    String name();

    /** A snapshot of what the strand is doing. */
    StrandState state();

    /**
     * Waits until the strand has finished and returns its result.
     *
     * @throws ExecutionException    the body threw; the cause is what it threw
     * @throws CancellationException {@link #cancel()} returned true for this strand
     * @throws InterruptedException  the caller was interrupted while waiting (its interrupt status is cleared)
     */
    T join() throws InterruptedException, ExecutionException;

    /**
     * As {@link #join()}, waiting at most {@code timeout}. A zero or negative timeout does not wait:
     * it returns the result if the strand has already finished and otherwise throws
     * {@link TimeoutException}.
     */
    T join(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * True once the strand's body has ended, by returning or throwing. A cancelled strand is done
     * when its body has ended too: cancel interrupts it, it does not abandon it.
     */
    boolean isDone();

    /** True if {@link #cancel()} returned true for this strand. */
    boolean isCancelled();

    /**
     * The result of a strand that returned normally.
     *
     * @throws IllegalStateException if it has not finished, threw, or was cancelled
     */
    T resultNow();

    /**
     * What the body of a finished strand threw.
     *
     * @throws IllegalStateException if it has not finished, returned normally, or was cancelled
     */
    Throwable exceptionNow();

    /**
     * Sets the strand's interrupt status. A strand blocked in {@link Pal#sleep}, {@link Pal#park()},
     * {@link #join()} or a readiness wait wakes: sleep and join throw InterruptedException, park
     * returns with the status set.
     */
    void interrupt();

    /** The strand's interrupt status, without clearing it. */
    boolean isInterrupted();

    /**
     * Requests cancellation: if the strand has not finished, marks it cancelled and interrupts it,
     * and returns true; a later {@link #join()} waits for the body to end and then throws
     * {@link CancellationException}. Returns false if the strand had already finished.
     */
    boolean cancel();
}
