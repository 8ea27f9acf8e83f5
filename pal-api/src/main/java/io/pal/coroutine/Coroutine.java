package io.pal.coroutine;

import io.pal.spi.Backend;
import io.pal.spi.Backends;

/**
 * An asymmetric coroutine, Lua-style: {@link #resume} runs the body until it yields a value or
 * returns one, and the next resume's input is what its {@link Yielder#yield} returns.
 *
 * <pre>{@code
 * Coroutine<Integer, Integer> acc = Coroutine.create((y, first) -> {
 *     int sum = first;
 *     while (true) {
 *         sum += y.yield(sum);            // hands sum to resume(), gets the next input
 *     }
 * });
 * acc.resume(1);   // 1
 * acc.resume(10);  // 11
 * }</pre>
 *
 * <p>Rules: the first resume's input is the body's {@code first} argument. A failure in the body
 * propagates to the resume that ran it (an unchecked one as is, a checked one wrapped in
 * {@link CoroutineFailedException}) and finishes the coroutine. Resuming a finished coroutine, or
 * one that is running, throws IllegalStateException. A coroutine may be resumed from a different
 * strand or thread each time; its thread-locals belong to the coroutine and follow it.
 * {@link #close()} makes a suspended body's pending yield throw {@link CoroutineClosedException},
 * so its finally blocks run.
 *
 * <p>The body runs in its resumer's time: a resume returns only when the body yields or ends.
 * Resume, yield, and the close of a suspended coroutine count as suspension points on every
 * backend (on the thread backends they are handoffs between two strands), so inside
 * {@link io.pal.Pal#atomic} they throw IllegalStateException, and in a
 * {@link io.pal.group.StrandGroup} another member may run during a resume. A body first resumed by
 * a member of a group runs as a member of that group.
 *
 * <p>Implementations come from the active backend ({@link CoroutineSupport}): a
 * handoff between two strands on the thread backends, a continuation run on the resumer's own
 * strand on the coroutine backend.
 */
public interface Coroutine<I, O> extends AutoCloseable {

    /** The body of a coroutine. */
    @FunctionalInterface
    interface Body<I, O> {
        /** Runs with the first resume's input; returns the last output. */
        O run(Yielder<I, O> yielder, I first) throws Exception;
    }

    /** Handed to the body to suspend it. */
    interface Yielder<I, O> {
        /**
         * Suspends the body, making {@code value} the result of the resume that ran it; returns the
         * next resume's input.
         *
         * @throws CoroutineClosedException the coroutine was closed while suspended here
         */
        I yield(O value);
    }

    /** A new, not yet started coroutine on the active backend. */
    static <I, O> Coroutine<I, O> create(Body<I, O> body) {
        java.util.Objects.requireNonNull(body, "body");
        Backend b = Backends.active();
        return b instanceof CoroutineSupport own ? own.newCoroutine(body) : new HandoffCoroutine<>(b, body);
    }

    /**
     * Runs the body until it yields or returns, and gives back what it yielded or returned.
     *
     * @throws IllegalStateException if the coroutine is finished or running
     */
    O resume(I input);

    /** True once the body has returned, failed or been closed. */
    boolean isDone();

    /**
     * Finishes the coroutine. A suspended body's pending yield throws CoroutineClosedException, and
     * the body runs to its end (its finally blocks, in the caller's time); a body that never started
     * is simply dropped. A no-op on a finished coroutine.
     *
     * @throws IllegalStateException if the coroutine is running
     */
    @Override
    void close();
}
